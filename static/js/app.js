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
