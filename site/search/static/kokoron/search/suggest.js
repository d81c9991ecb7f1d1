/* Suggestions as you type for the site search boxes: the ARIA 1.2 combobox pattern.
   Progressive enhancement: without this script the form submits to /search/ as usual. */
(function () {
  "use strict";
  var counter = 0;

  function enhance(form) {
    var input = form.querySelector("input[name=q]");
    var url = form.getAttribute("data-suggest-url");
    if (!input || !url || input.hasAttribute("role")) { return; }
    counter += 1;
    var listId = "search-suggestions-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", form.querySelector("label").textContent);
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.appendChild(list);
    form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;
    // The words come from the page, in its language (data-count-one / data-count-other).
    var template = [
      form.getAttribute("data-count-one") || "{n}",
      form.getAttribute("data-count-other") || "{n}"
    ];

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function select(index) {
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(suggestions) {
      list.textContent = "";
      items = suggestions.map(function (suggestion, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.className = "search-suggestions__item";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-url", suggestion.url);
        var kind = document.createElement("span");
        kind.className = "search-suggestions__kind";
        kind.textContent = suggestion.kind;
        var title = document.createElement("span");
        title.textContent = suggestion.title;
        item.appendChild(kind);
        item.appendChild(title);
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { window.location.href = suggestion.url; });
        list.appendChild(item);
        return item;
      });
      active = -1;
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      var n = items.length;
      status.textContent = n ? template[n === 1 ? 0 : 1].replace("{n}", n) : "";
    }

    function fetchSuggestions() {
      var value = input.value.trim();
      if (value.length < 2) { show([]); return; }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(value), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === value) { show(data.suggestions || []); } })
        .catch(function () { /* offline or aborted: the form still works */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        if (list.hidden) { if (items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } }
        else { select(active + 1 < items.length ? active + 1 : 0); }
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        if (!list.hidden && items.length) { select(active > 0 ? active - 1 : items.length - 1); event.preventDefault(); }
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          window.location.href = items[active].getAttribute("data-url");
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) { close(); event.preventDefault(); }
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form.search-form[data-suggest-url]"), enhance);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
