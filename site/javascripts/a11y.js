// A table wider than its column scrolls sideways: let the keyboard reach it and name it (issue 18 item 13).
(function () {
  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "表格（可左右滚动）");
      }
    });
  }
  if (typeof document$ !== "undefined") { document$.subscribe(mark); } else { document.addEventListener("DOMContentLoaded", mark); }
})();
