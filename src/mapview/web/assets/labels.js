  // Place names on the map itself: permanent tooltips, shown in order of rank (the selected place
  // first, then where most happened), each hidden while it would overlap one already shown: so at
  // a zoom where three districts crowd together one name shows, and zooming in brings the others.
  var mvLabel = function(target, latlng, html, rank, direction){
    var t = L.tooltip({permanent: true, interactive: false, direction: direction, className: 'mv-label',
                       offset: direction === 'right' ? [12, 0] : [0, 0]}).setLatLng(latlng).setContent(html);
    t.on('add', function(){ var el = t.getElement(); if (el) { el.dataset.rank = rank; } mvDeclutterSoon(t._map); });
    target.addLayer(t);
    return t;
  };
  var mvDeclutterSoon = function(map){
    if (!map) { return; }
    if (!map._mvDeclutter) {
      map._mvDeclutter = function(){
        // laid out again first: a label placed before the stylesheets arrived has a stale width
        map.eachLayer(function(l){ if (l instanceof L.Tooltip && l.options.className === 'mv-label' && l._container) { l.update(); } });
        var c = map.getContainer(), box = c.getBoundingClientRect();
        var els = Array.prototype.slice.call(c.querySelectorAll('.leaflet-tooltip.mv-label'));
        els.sort(function(a, b){ return (+a.dataset.rank || 0) - (+b.dataset.rank || 0); });
        var kept = [];
        els.forEach(function(el){
          var r = el.getBoundingClientRect();
          var inside = r.left >= box.left - 2 && r.right <= box.right + 2 && r.top >= box.top - 2 && r.bottom <= box.bottom + 2;
          var clash = kept.some(function(k){
            return r.left < k.right + 2 && r.right + 2 > k.left && r.top < k.bottom + 1 && r.bottom + 1 > k.top;
          });
          el.classList.toggle('mv-label-hidden', clash || !inside);
          if (!clash && inside) { kept.push(r); }
        });
      };
      map.on('zoomend moveend resize', map._mvDeclutter);
      // the component sizes the frame and loads the stylesheets after the script ran: look again
      if (window.ResizeObserver) { new ResizeObserver(function(){ map._mvDeclutter(); }).observe(map.getContainer()); }
      window.addEventListener('load', map._mvDeclutter);
      setTimeout(map._mvDeclutter, 400); setTimeout(map._mvDeclutter, 1500);
    }
    clearTimeout(map._mvDeclutterTimer);
    map._mvDeclutterTimer = setTimeout(map._mvDeclutter, 0);
  };
