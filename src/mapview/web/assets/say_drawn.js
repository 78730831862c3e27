  // once per page, when the markers have been painted: tell the page, which then draws its
  // filters, timeline and table (streamlit-folium's own value changes only on a reader's click;
  // this is the message by which a component sets its value, from the component's own frame)
  group.once('add', function(){
    if (window.mvDrawnSaid) { return; }
    window.mvDrawnSaid = true;
    requestAnimationFrame(function(){ setTimeout(function(){
      window.parent.postMessage({isStreamlitMessage: true, type: 'streamlit:setComponentValue',
                                 value: {mv_drawn: true}, dataType: 'json'}, '*');
    }, 0); });
  });
