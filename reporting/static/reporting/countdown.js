// Live countdowns on open clocks: "due in 23 h 12 min" / "overdue by 5 min", refreshed every 30 seconds.
(function () {
  if (window.cseCountdowns) return; // the script may be included by several panels of one page
  window.cseCountdowns = true;
  function describe(ms) {
    var minutes = Math.floor(Math.abs(ms) / 60000);
    var days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
    var parts = [];
    if (days) parts.push(days + " d");
    if (days || hours) parts.push(hours + " h");
    parts.push(mins + " min");
    return parts.join(" ");
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".app-countdown[data-due]").forEach(function (el) {
      var left = Date.parse(el.dataset.due) - now;
      el.textContent = left > 0 ? "due in " + describe(left) : "overdue by " + describe(left);
    });
  }
  tick();
  setInterval(tick, 30000);
})();
