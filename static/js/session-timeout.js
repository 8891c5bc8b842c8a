/* The idle-session warning: a few minutes before a quiet session ends, show the alert with its "Stay signed
   in" button. Asking the server how long is left does not count as activity; the button does. When the
   session has ended, reload the page: the server then shows the sign-in page saying why. */
(function () {
  "use strict";

  var box = document.getElementById("idle-warning");
  if (!box || !window.fetch) {
    return;
  }
  var statusUrl = box.getAttribute("data-status-url");
  var idleSeconds = parseInt(box.getAttribute("data-idle-seconds"), 10) || 1800;
  var warnSeconds = parseInt(box.getAttribute("data-warn-seconds"), 10) || 300;
  var countdown = box.querySelector("[data-idle-countdown]");
  var form = box.querySelector("form[data-keep-alive]");
  var button = form.querySelector("button");
  var checkTimer = null;
  var tickTimer = null;
  var deadline = 0;

  function ended() {
    window.location.assign(window.location.pathname + window.location.search);
  }

  function describe(seconds) {
    if (seconds >= 90) {
      return "about " + Math.round(seconds / 60) + " minutes";
    }
    if (seconds > 60) {
      return "about a minute";
    }
    return "less than a minute";
  }

  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    countdown.textContent = describe(left);
  }

  function checkIn(seconds) {
    window.clearTimeout(checkTimer);
    checkTimer = window.setTimeout(check, Math.max(seconds, 1) * 1000);
  }

  function hide() {
    box.hidden = true;
    window.clearInterval(tickTimer);
  }

  function show(secondsLeft) {
    deadline = Date.now() + secondsLeft * 1000;
    tick();
    if (box.hidden) {
      box.hidden = false;
      button.focus();
    }
    window.clearInterval(tickTimer);
    tickTimer = window.setInterval(tick, 15000);
    checkIn(secondsLeft + 1);
  }

  function follow(answer) {
    if (!answer.signed_in || answer.seconds_left <= 0) {
      ended();
    } else if (answer.seconds_left > warnSeconds) {
      hide();
      checkIn(answer.seconds_left - warnSeconds);
    } else {
      show(answer.seconds_left);
    }
  }

  function ask(request) {
    return request
      .then(function (response) {
        return response.json();
      })
      .then(follow)
      .catch(function () {
        checkIn(30);
      });
  }

  function check() {
    ask(window.fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } }));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    ask(
      window.fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
    );
  });

  checkIn(idleSeconds - warnSeconds);
})();
