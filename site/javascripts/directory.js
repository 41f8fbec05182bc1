// 名录筛选：按省份和称号筛选名录表格。数据取自表格本身；没有脚本时表格照常显示全部地区。
(function () {
  function setup() {
    var holder = document.getElementById("wq-directory-filter");
    if (!holder) return;
    var table = holder.parentElement.querySelector("table");
    if (!table) return;
    var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent.trim(); });
    var columns = { "省份": headers.indexOf("省份"), "称号": headers.indexOf("称号") };
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var selects = {};
    Object.keys(columns).forEach(function (name) {
      var index = columns[name];
      if (index < 0) return;
      var values = [];
      rows.forEach(function (r) {
        var v = r.cells[index].textContent.trim();
        if (v && values.indexOf(v) < 0) values.push(v);
      });
      values.sort(function (a, b) { return a.localeCompare(b, "zh"); });
      var label = document.createElement("label");
      label.textContent = name + "：";
      var select = document.createElement("select");
      select.setAttribute("aria-label", "按" + name + "筛选");
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "全部";
      select.appendChild(all);
      values.forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = v;
        select.appendChild(option);
      });
      select.addEventListener("change", apply);
      label.appendChild(select);
      holder.appendChild(label);
      selects[name] = select;
    });
    var count = document.createElement("span");
    count.className = "wq-count";
    count.setAttribute("aria-live", "polite");     // screen readers announce the new count after each change
    count.setAttribute("role", "status");
    holder.appendChild(count);
    function apply() {
      var shown = 0;
      rows.forEach(function (r) {
        var ok = Object.keys(selects).every(function (name) {
          var want = selects[name].value;
          return !want || r.cells[columns[name]].textContent.trim() === want;
        });
        r.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "显示 " + shown + " / " + rows.length + " 处";
    }
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
