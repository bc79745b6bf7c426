// Progressive enhancement only: every page works without JavaScript.
// Countdown: any element with data-countdown-to="<ISO datetime>" shows the time left.
(function () {
  function fmt(ms) {
    if (ms <= 0) return "closed";
    var s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600),
        m = Math.floor((s % 3600) / 60), sec = s % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return (d ? d + "d " : "") + pad(h) + "h " + pad(m) + "m " + pad(sec) + "s";
  }
  function tick() {
    document.querySelectorAll("[data-countdown-to]").forEach(function (el) {
      var left = new Date(el.getAttribute("data-countdown-to")).getTime() - Date.now();
      el.textContent = fmt(left);
      el.classList.toggle("closed", left <= 0);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 1000); });
})();

// Copy buttons: <button data-copy="#input-id"> copies that field's value and says so.
(function () {
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    if (!field) return;
    field.select();
    var done = function () { if (status) status.textContent = "Copied. Paste it into your calendar app."; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();

// Stacked tables on phones: each cell of a table.stack gets its column's name (CSS shows it
// above the value when the table becomes cards). Cells that already have one keep it.
(function () {
  function label(table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.replace(/,\s*sort by.*$/i, "").replace(/[▲▼]/g, "").trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (!cell.hasAttribute("data-label") && heads[i] && !cell.hasAttribute("colspan")) {
          cell.setAttribute("data-label", heads[i]);
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.stack").forEach(label);
  });
})();
