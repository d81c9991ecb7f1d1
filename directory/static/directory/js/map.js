/* The directory list's map: an enhancement only. Without JavaScript, or when Leaflet or the
   tiles cannot load, the list alone is the page and nothing is missing from it.

   Places close together on the screen share one pin showing how many they are, so no two pins
   ever overlap (WCAG 2.2 target size, 24 × 24 px): pins are 28 px squares, and every pin stands
   at least SPACING px from every other, across and down. A shared pin zooms in on its places;
   where they cannot be told apart (one building), it opens the list of their entries. The
   groups are made again after each zoom. */
(function () {
  "use strict";
  var SPACING = 34;
  var container = document.getElementById("directory-map");
  var data = document.getElementById("directory-map-points");
  if (!container || !data || typeof window.L === "undefined") {
    return;
  }
  var L = window.L;
  var points = JSON.parse(data.textContent);
  if (!points.length) {
    return;
  }
  var placesLabel = container.getAttribute("data-places-label") || "%(count)s";
  container.hidden = false;
  var map = L.map(container.querySelector(".directory-map__canvas"), {
    scrollWheelZoom: false,
  });
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution:
      '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
  }).addTo(map);
  var layer = L.layerGroup().addTo(map);

  function entry(point) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    item.appendChild(link);
    if (point.place) {
      var place = document.createElement("p");
      place.textContent = point.place;
      item.appendChild(place);
    }
    return item;
  }

  function popup(group) {
    var list = document.createElement("ul");
    list.className = "directory-map__entries";
    group.forEach(function (point) {
      list.appendChild(entry(point));
    });
    return list;
  }

  function label(group) {
    if (group.length === 1) {
      return group[0].name;
    }
    return placesLabel.replace("%(count)s", group.length) +
      ": " + group.map(function (point) { return point.name; }).join(", ");
  }

  function pin(group) {
    var icon = L.divIcon({
      className: "directory-map__pin",
      html: group.length > 1 ? String(group.length) : "",
      iconSize: [28, 28],
      iconAnchor: [14, 14],
      popupAnchor: [0, -14],
    });
    var marker = L.marker([group[0].lat, group[0].lon], { icon: icon, title: label(group) });
    var bounds = L.latLngBounds(group.map(function (point) { return [point.lat, point.lon]; }));
    var together = bounds.getNorthEast().equals(bounds.getSouthWest());
    if (group.length === 1 || together || map.getZoom() >= map.getMaxZoom()) {
      marker.bindPopup(popup(group));
    } else {
      marker.on("click", function () {
        map.fitBounds(bounds, { padding: [SPACING, SPACING] });
      });
    }
    marker.on("add", function () {
      var element = marker.getElement();
      element.setAttribute("aria-label", label(group));
    });
    return marker;
  }

  function draw() {
    layer.clearLayers();
    var groups = [];
    points.forEach(function (point) {
      var at = map.latLngToLayerPoint([point.lat, point.lon]);
      var group = groups.find(function (candidate) {
        return Math.abs(candidate.at.x - at.x) < SPACING && Math.abs(candidate.at.y - at.y) < SPACING;
      });
      if (group) {
        group.points.push(point);
      } else {
        groups.push({ at: at, points: [point] });
      }
    });
    groups.forEach(function (group) {
      layer.addLayer(pin(group.points));
    });
  }

  map.fitBounds(
    points.map(function (point) { return [point.lat, point.lon]; }),
    { padding: [SPACING, SPACING], maxZoom: 16 }
  );
  draw();
  map.on("zoomend", draw);
})();
