// The ask form: the other person's details only while the help is for someone else. Without
// this script the fields are always shown, and the server checks them all the same.
(function () {
  "use strict";
  var group = document.getElementById("helped-person");
  var choices = document.querySelectorAll('input[name="for_whom"]');
  if (!group || !choices.length) {
    return;
  }
  function update() {
    var chosen = document.querySelector('input[name="for_whom"]:checked');
    var forSelf = !chosen || chosen.value === "self";
    group.hidden = forSelf;
    group.disabled = forSelf; // disabled fields are not sent
  }
  choices.forEach(function (choice) {
    choice.addEventListener("change", update);
  });
  update();
})();
