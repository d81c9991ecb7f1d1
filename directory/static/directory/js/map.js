/* The directory list's map: an enhancement only. Without JavaScript, or when Leaflet or the
   tiles cannot load, the list alone is the page and nothing is missing from it. */
(function () {
  "use strict";
  var container = document.getElementById("directory-map");
  var data = document.getElementById("directory-map-points");
  if (!container || !data || typeof window.L === "undefined") {
    return;
  }
  var points = JSON.parse(data.textContent);
  if (!points.length) {
    return;
  }
  container.hidden = false;
  var map = window.L.map(container.querySelector(".directory-map__canvas"), {
    scrollWheelZoom: false,
  });
  window.L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution:
      '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
  }).addTo(map);
  var bounds = [];
  points.forEach(function (point) {
    var marker = window.L.marker([point.lat, point.lon], { title: point.name, alt: point.name });
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    box.appendChild(link);
    if (point.place) {
      var place = document.createElement("p");
      place.textContent = point.place;
      box.appendChild(place);
    }
    marker.bindPopup(box).addTo(map);
    bounds.push([point.lat, point.lon]);
  });
  map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
})();
