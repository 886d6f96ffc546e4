/* The members' map over the deployment's tile server (setting map_tiles), drawn with
   Leaflet from the page's JSON block; the server's SVG map is hidden once it is drawn,
   and stays the map for browsers that run no script. Each marker opens the card. */
(function () {
  "use strict";
  var box = document.querySelector("figure.map [data-tiles]");
  var block = document.getElementById("map-points");
  if (!box || !block || !window.L) {
    return;
  }
  var data = JSON.parse(block.textContent);
  box.hidden = false;
  var map = L.map(box, { worldCopyJump: true, attributionControl: false }).setView([20, 0], 2);
  L.tileLayer(data.url, { maxZoom: 18 }).addTo(map);
  var bounds = [];
  data.points.forEach(function (p) {
    var marker = L.marker([p.lat, p.lon], {
      icon: L.divIcon({ className: "tile-point " + p.how, iconSize: [14, 14] }),
      title: p.name,
      keyboard: true,
    });
    marker.on("click", function () {
      window.location.href = p.href;
    });
    marker.addTo(map);
    var element = marker.getElement();
    element.setAttribute("data-member", p.iri);
    element.setAttribute("aria-label", p.name);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length > 1) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 6 });
  }
  var drawing = box.parentNode.querySelector("svg.world");
  if (drawing) {
    drawing.setAttribute("hidden", "");
    drawing.style.display = "none";
  }
})();
