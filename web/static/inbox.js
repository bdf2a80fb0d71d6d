// The inbox list refreshes without a full reload: the filters ask /inbox/list for the rows
// (server-rendered HTML) when they change and every 20 s; parts marked data-refresh (the reply
// SMS status) are fetched again every 10 s. No framework; without JavaScript the pages still work.
(function () {
  "use strict";
  var LIST_EVERY_MS = 20000;
  var PART_EVERY_MS = 10000;

  function fetchInto(element, url) {
    return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (response.status === 401) { window.location.href = "/inbox/login"; return; }
        if (!response.ok) { return; }
        return response.text().then(function (html) { element.innerHTML = html; element.dispatchEvent(new Event("refreshed")); });
      })
      .catch(function () { /* offline for a moment: the next round tries again */ });
  }

  function setUp() {
    var form = document.getElementById("filters");
    var rows = document.getElementById("rows");
    if (form && rows) {
      var query = function () {
        var params = new URLSearchParams();
        new FormData(form).forEach(function (value, key) { if (value !== "") { params.append(key, value); } });
        return params.toString();
      };
      var load = function () {
        var q = query();
        window.history.replaceState(null, "", "/inbox" + (q ? "?" + q : ""));
        return fetchInto(rows, rows.getAttribute("data-list") + (q ? "?" + q : ""));
      };
      var timer = null;
      form.addEventListener("change", load);
      form.addEventListener("input", function (event) {
        if (event.target.type !== "search") { return; }
        clearTimeout(timer);
        timer = setTimeout(load, 300);
      });
      form.addEventListener("submit", function (event) { event.preventDefault(); load(); });
      setInterval(function () { if (!document.hidden) { load(); } }, LIST_EVERY_MS);
      window.zentraleInboxRefresh = load;
    }
    document.querySelectorAll("[data-refresh]").forEach(function (element) {
      var timerId = setInterval(function () {
        fetchInto(element, element.getAttribute("data-refresh")).then(function () {
          var status = element.querySelector("[data-status]");
          if (status && ["delivered", "undelivered", "failed"].indexOf(status.getAttribute("data-status")) >= 0) {
            clearInterval(timerId);
          }
        });
      }, PART_EVERY_MS);
    });
    document.querySelectorAll("textarea[data-counter]").forEach(function (area) {
      var counter = document.getElementById(area.getAttribute("data-counter"));
      var show = function () { counter.textContent = area.value.length + " / " + area.getAttribute("maxlength") + " Zeichen"; };
      area.addEventListener("input", show);
      show();
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); } else { setUp(); }
})();
