/* A voice note on the report form: record with the phone's microphone (MediaRecorder), see the
   time pass, stop, listen, record again or delete. The recording goes into the form's own file
   field, so the report is sent as without JavaScript (one multipart POST, nothing else).
   Without JavaScript or MediaRecorder the file field stays as it is. Formats: WebM/Opus
   (Chromium, Firefox) or MP4/AAC (Safari); the server checks the bytes, not this choice. */
(function () {
  "use strict";
  var box = document.querySelector("[data-voice]");
  if (!box) { return; }
  var input = box.querySelector("input[type=file][name=voice]");
  var recorderBox = box.querySelector("[data-voice-recorder]");
  var messages = box.querySelector("[data-voice-messages]");
  var buttons = {
    start: box.querySelector("[data-voice-start]"),
    stop: box.querySelector("[data-voice-stop]"),
    again: box.querySelector("[data-voice-again]"),
    remove: box.querySelector("[data-voice-delete]")
  };
  var timer = box.querySelector("[data-voice-timer]");
  var preview = box.querySelector("[data-voice-preview]");
  var status = box.querySelector("[data-voice-status]");
  var maxSeconds = parseInt(box.getAttribute("data-max-seconds"), 10) || 180;
  var maxBytes = parseInt(box.getAttribute("data-max-bytes"), 10) || 3145728;
  var canRecord = window.MediaRecorder && navigator.mediaDevices &&
    navigator.mediaDevices.getUserMedia && window.DataTransfer;
  var recorder = null, chunks = [], started = 0, tick = null, stopTimer = null, previewUrl = null;

  function say(name) {
    var node = messages && messages.content.querySelector('[data-message="' + name + '"]');
    status.textContent = node ? node.textContent : "";
  }
  function show(visible) {
    Object.keys(buttons).forEach(function (key) {
      buttons[key].hidden = visible.indexOf(key) < 0;
    });
  }
  function clock(seconds) {
    var s = Math.floor(seconds);
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }
  function chooseType() {
    var types = ["audio/webm;codecs=opus", "audio/mp4;codecs=mp4a.40.2", "audio/mp4", "audio/webm"];
    for (var i = 0; i < types.length; i += 1) {
      if (MediaRecorder.isTypeSupported(types[i])) { return types[i]; }
    }
    return "";
  }
  function clearRecording() {
    input.value = "";
    if (previewUrl) { URL.revokeObjectURL(previewUrl); previewUrl = null; }
    preview.removeAttribute("src");
    preview.hidden = true;
  }
  function keep(blob) {
    if (blob.size > maxBytes) { clearRecording(); say("too-large"); show(["start"]); return; }
    var type = blob.type.indexOf("mp4") >= 0 ? "audio/mp4" : "audio/webm";
    var name = type === "audio/mp4" ? "voice-note.mp4" : "voice-note.webm";
    var transfer = new DataTransfer();
    transfer.items.add(new File([blob], name, { type: type }));
    input.files = transfer.files;
    previewUrl = URL.createObjectURL(blob);
    preview.src = previewUrl;
    preview.hidden = false;
  }
  function finish(stream, atLimit) {
    window.clearInterval(tick);
    window.clearTimeout(stopTimer);
    stream.getTracks().forEach(function (track) { track.stop(); });
    var blob = new Blob(chunks, { type: recorder.mimeType || chunks.length && chunks[0].type });
    recorder = null;
    keep(blob);
    if (input.files && input.files.length) { say(atLimit ? "limit" : "recorded"); show(["again", "remove"]); }
  }
  function start() {
    clearRecording();
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      var type = chooseType();
      var options = { audioBitsPerSecond: 32000 };
      if (type) { options.mimeType = type; }
      recorder = new MediaRecorder(stream, options);
      chunks = [];
      var atLimit = false;
      recorder.addEventListener("dataavailable", function (event) {
        if (event.data && event.data.size) { chunks.push(event.data); }
      });
      recorder.addEventListener("stop", function () { finish(stream, atLimit); });
      recorder.start(1000);
      started = Date.now();
      timer.hidden = false;
      timer.textContent = clock(0) + " / " + clock(maxSeconds);
      tick = window.setInterval(function () {
        timer.textContent = clock((Date.now() - started) / 1000) + " / " + clock(maxSeconds);
      }, 500);
      stopTimer = window.setTimeout(function () {
        atLimit = true;
        if (recorder) { recorder.stop(); }
      }, maxSeconds * 1000);
      say("recording");
      show(["stop"]);
    }).catch(function () { say("denied"); show(["start"]); });
  }

  if (!canRecord) {
    recorderBox.hidden = false;
    show([]);
    say("unsupported");
    return;
  }
  box.querySelector("[data-voice-file]").hidden = true;
  recorderBox.hidden = false;
  show(["start"]);
  buttons.start.addEventListener("click", start);
  buttons.again.addEventListener("click", start);
  buttons.stop.addEventListener("click", function () { if (recorder) { recorder.stop(); } });
  buttons.remove.addEventListener("click", function () {
    clearRecording();
    timer.hidden = true;
    say("deleted");
    show(["start"]);
  });
  // Back to this page from the browser's memory: no recording is shown as if still there.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { clearRecording(); timer.hidden = true; show(["start"]); status.textContent = ""; }
  });
})();
