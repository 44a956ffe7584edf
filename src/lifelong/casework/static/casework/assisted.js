// Assisted mode: read the page aloud (the browser's own speech, Flemish Dutch) and sign out when the person
// leaves the page other than through the assisted mode's own links and buttons (a shared computer).
// No inline script, nothing stored in the browser.
(function () {
  "use strict";
  var speak = document.querySelector("[data-speak]");
  if (speak && "speechSynthesis" in window) {
    speak.hidden = false;
    speak.addEventListener("click", function () {
      window.speechSynthesis.cancel();
      var main = document.querySelector("[data-read]");
      var text = main ? main.innerText : document.body.innerText;
      var say = new SpeechSynthesisUtterance(text);
      say.lang = "nl-BE";
      say.rate = 0.9;
      var voices = window.speechSynthesis.getVoices();
      for (var i = 0; i < voices.length; i++) {
        if (voices[i].lang === "nl-BE") { say.voice = voices[i]; break; }
      }
      window.speechSynthesis.speak(say);
    });
  }
  var staying = false;
  document.addEventListener("click", function (e) {
    var a = e.target.closest("a[href], button");
    if (a && (!a.href || a.href.indexOf(location.origin) === 0)) { staying = true; }
  });
  document.addEventListener("submit", function () { staying = true; });
  window.addEventListener("pagehide", function () {
    var leave = document.querySelector("[data-leave]");
    if (staying || !leave || !navigator.sendBeacon) { return; }
    var data = new FormData(leave);
    data.append("beacon", "1");
    navigator.sendBeacon(leave.action, data);
  });
})();
