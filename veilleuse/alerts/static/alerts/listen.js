/* "Listen": the phone reads an alert aloud with its own speech synthesis (speechSynthesis):
   nothing is sent to a server. The alert's title is read in the page's language and its text
   in the language it is written in; when the phone has no voice for that language, a
   sentence says so instead. Without JavaScript or speech synthesis, no button is shown. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || !window.SpeechSynthesisUtterance) { return; }
  var pageLanguage = document.documentElement.lang || "fr";

  function primary(tag) { return (tag || "").toLowerCase().replace("_", "-").split("-")[0]; }
  function voiceFor(language, voices) {
    var wanted = primary(language);
    for (var i = 0; i < voices.length; i += 1) {
      if (primary(voices[i].lang) === wanted) { return voices[i]; }
    }
    return null;
  }
  // Voices load after the page on some phones: wait for them a little, once.
  function withVoices(callback) {
    var voices = synth.getVoices();
    if (voices.length) { callback(voices); return; }
    var done = false;
    function ready() { if (!done) { done = true; callback(synth.getVoices()); } }
    synth.addEventListener("voiceschanged", ready, { once: true });
    window.setTimeout(ready, 1000);
  }
  function parts(article) {
    var found = [];
    var title = article.querySelector("h2");
    var body = article.querySelector(".body");
    if (title) { found.push({ text: title.textContent.trim(), lang: pageLanguage }); }
    if (body) { found.push({ text: body.textContent.trim(), lang: body.getAttribute("lang") || pageLanguage }); }
    return found;
  }

  document.querySelectorAll("[data-listen]").forEach(function (box) {
    var button = box.querySelector("[data-listen-button]");
    var status = box.querySelector("[data-listen-status]");
    var label = button.textContent;
    var article = box.closest("article");
    var reading = false;
    function reset() { reading = false; button.textContent = label; }
    box.hidden = false;
    button.addEventListener("click", function () {
      if (reading) { synth.cancel(); reset(); return; }
      status.textContent = "";
      withVoices(function (voices) {
        var texts = parts(article);
        var missing = texts.some(function (part) { return !voiceFor(part.lang, voices); });
        if (missing) { status.textContent = box.getAttribute("data-no-voice"); return; }
        synth.cancel();
        reading = true;
        button.textContent = box.getAttribute("data-stop");
        texts.forEach(function (part, index) {
          var voice = voiceFor(part.lang, voices);
          var utterance = new SpeechSynthesisUtterance(part.text);
          utterance.lang = voice.lang;
          if (window.SpeechSynthesisVoice && voice instanceof window.SpeechSynthesisVoice) {
            utterance.voice = voice;
          }
          if (index === texts.length - 1) {
            utterance.addEventListener("end", reset);
            utterance.addEventListener("error", reset);
          }
          synth.speak(utterance);
        });
      });
    });
  });
})();
