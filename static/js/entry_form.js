// Entry form: "Add another PDF" appends a blank attachment row (Django formset) with the next
// free attachment number. Without JavaScript the form still offers its blank rows.
(function () {
  function setup() {
    var button = document.getElementById("add-attachment");
    var template = document.getElementById("attachment-template");
    var rows = document.getElementById("attachment-rows");
    if (!button || !template || !rows) return;
    var prefix = button.getAttribute("data-prefix");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      var used = [];
      rows.querySelectorAll("input[name$='-attachment_number']").forEach(function (el) {
        var n = parseInt(el.value, 10);
        if (!isNaN(n)) used.push(n);
      });
      var next = used.length ? Math.max.apply(null, used) + 1 : 0;
      var number = row.querySelector("input[name$='-attachment_number']");
      if (number) number.value = String(next);
      rows.appendChild(row);
      total.value = String(index + 1);
      var file = row.querySelector("input[type='file']");
      if (file) file.focus();
    });
  }
  document.addEventListener("DOMContentLoaded", setup);
})();
