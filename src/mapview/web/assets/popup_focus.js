  group.on('popupopen', function(e){
    var c = e.popup.getElement() && e.popup.getElement().querySelector('.leaflet-popup-content');
    if (c) { c.tabIndex = 0; }
    // an event's link is relative to the page, not to the map's frame: make it the page's own
    if (c) {
      var base = null;
      try { base = window.parent.location.origin + window.parent.location.pathname; } catch (err) { base = null; }
      c.querySelectorAll('a.mv-event-link').forEach(function(a){
        var q = a.getAttribute('href');
        if (base && q && q.charAt(0) === '?') { a.href = base + q; }
      });
    }
    // a popup opened with the page (a selected place) grows after Leaflet panned the map for it
    // (its text reflows once the page's font arrives), and was cut at the map's edge in 7 loads
    // of 10: when it changes height, lay it out and pan again
    var popup = e.popup, el = popup.getElement();
    if (el && window.ResizeObserver) {
      var seen = el.offsetHeight;
      var watch = new ResizeObserver(function(){
        if (el.offsetHeight !== seen && popup.isOpen()) { seen = el.offsetHeight; popup.update(); }
      });
      watch.observe(el);
      popup.once('remove', function(){ watch.disconnect(); });
    }
    // the page may move the map after the popup opened (a place chosen in the panel centres it):
    // until the reader touches the map, a move brings the whole popup back into view
    var map = popup._map;
    if (map) {
      var again = function(){ if (popup.isOpen()) { popup.update(); } };
      var stop = function(){
        map.off('moveend', again);
        ['mousedown', 'touchstart', 'wheel', 'keydown'].forEach(function(t){ map.getContainer().removeEventListener(t, stop, true); });
      };
      map.on('moveend', again);
      ['mousedown', 'touchstart', 'wheel', 'keydown'].forEach(function(t){ map.getContainer().addEventListener(t, stop, true); });
      popup.once('remove', stop);
    }
  });