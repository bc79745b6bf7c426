// Render progress for filings and docket sheet exports, without reloading the page.
// Every element with data-status-url and data-polling polls its JSON endpoint
// ({status, label, progress, done, ready, error, page_count, pdf_url}) until it is done.
// Progressive enhancement: without JavaScript, reloading the page shows the same state.
(function () {
  "use strict";
  var INTERVAL_MS = 1500;
  var MAX_INTERVAL_MS = 10000;

  function apply(box, data) {
    var label = box.querySelector("[data-status-label]");
    var detail = box.querySelector("[data-status-detail]");
    var bar = box.querySelector("[data-status-progress]");
    var error = box.querySelector("[data-status-error]");
    var link = box.querySelector("[data-status-download]");
    box.setAttribute("data-status", data.status);
    if (label) {
      label.textContent = data.label;
      label.className = label.className.replace(/filing-status-\S+/, "filing-status-" + data.status);
    }
    if (detail) {
      detail.textContent = data.detail || (data.page_count ? data.page_count + (data.page_count === 1 ? " page" : " pages") : "");
    }
    if (bar) {
      bar.value = data.progress;
      bar.textContent = data.progress + "%";
      bar.hidden = !!data.done;
    }
    if (error) {
      error.textContent = data.error || "";
      error.hidden = !data.error;
    }
    if (link) {
      if (data.ready && data.pdf_url) { link.href = data.pdf_url; }
      link.hidden = !data.ready;
    }
    if (data.ready) {
      document.querySelectorAll("img[data-preview-src]").forEach(function (img) {
        img.src = img.getAttribute("data-preview-src") + "?t=" + Date.now();
      });
      document.querySelectorAll("[data-show-when-ready]").forEach(function (el) { el.hidden = false; });
    }
    if (data.done) {
      document.querySelectorAll("[data-render-button]").forEach(function (button) {
        button.textContent = data.ready ? "Render again" : "Render PDF";
      });
      document.querySelectorAll("[data-render-form]").forEach(function (form) { form.hidden = false; });
    }
  }

  function poll(box, delay) {
    var url = box.getAttribute("data-status-url");
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (data) {
          apply(box, data);
          if (!data.done) { poll(box, INTERVAL_MS); }
          else { box.removeAttribute("data-polling"); }
        })
        .catch(function () {
          // Network hiccup or server restart: back off and keep trying.
          poll(box, Math.min(delay * 2, MAX_INTERVAL_MS));
        });
    }, delay);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-status-url][data-polling]").forEach(function (box) {
      poll(box, INTERVAL_MS);
    });
  });
})();
