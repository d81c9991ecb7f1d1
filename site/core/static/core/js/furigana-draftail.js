/*
 * The furigana button for Wagtail's rich-text editor (Draftail).
 *
 * With a word selected, it (or Ctrl + Alt + F) asks for the reading and writes
 * ｜word《reading》 in its place;
 * kokoron/core/furigana.py turns that notation into <ruby> on the public pages.
 * Plain script against the globals Wagtail's admin exposes (React, DraftJS, Draftail).
 */
(function () {
  "use strict";

  var BAR = "\uff5c";
  var MAX_LENGTH = 40; // as furigana.py: a base or reading of 1 to 40 characters
  var FORBIDDEN = /[\uff5c《》<>\n]/;
  var STRINGS_ID = "kokoron-furigana-strings";
  // The words come from the page, in the editor's language (kokoron.core.wagtail_hooks).
  var STRING_KEYS = ["label", "description", "prompt", "selectFirst", "invalid"];

  function strings() {
    var element = document.getElementById(STRINGS_ID);
    var given = element ? JSON.parse(element.textContent) : {};
    var result = {};
    STRING_KEYS.forEach(function (key) {
      result[key] = given[key] || "";
    });
    return result;
  }

  function valid(part) {
    return part.length >= 1 && part.length <= MAX_LENGTH && !FORBIDDEN.test(part);
  }

  /* The notation for a word and its reading, or null when the renderer would not read it. */
  function notation(word, reading) {
    if (!valid(word) || !valid(reading)) {
      return null;
    }
    return BAR + word + "《" + reading + "》";
  }

  function selectedWord(editorState) {
    var selection = editorState.getSelection();
    if (selection.isCollapsed() || selection.getStartKey() !== selection.getEndKey()) {
      return null;
    }
    var block = editorState.getCurrentContent().getBlockForKey(selection.getStartKey());
    return block.getText().slice(selection.getStartOffset(), selection.getEndOffset());
  }

  /* The editor state with the selection replaced by its notation, keeping style and link. */
  function withReading(editorState, text) {
    var DraftJS = window.DraftJS;
    var selection = editorState.getSelection();
    var content = editorState.getCurrentContent();
    var block = content.getBlockForKey(selection.getStartKey());
    var replaced = DraftJS.Modifier.replaceText(
      content,
      selection,
      text,
      editorState.getCurrentInlineStyle(),
      block.getEntityAt(selection.getStartOffset())
    );
    return DraftJS.EditorState.push(editorState, replaced, "insert-characters");
  }

  /* Like Draftail's own buttons, which are out of the Tab order (tabindex -1) and reached
   * by their shortcut, shown in their tooltip: Ctrl + Alt + F (⌘ + Alt + F on a Mac), after
   * Wagtail's comment button (Ctrl + Alt + M). */
  function onMac() {
    return /Mac|iPhone|iPad/.test(window.navigator ? window.navigator.platform : "");
  }

  function shortcutLabel() {
    return onMac() ? "\u2318 + Alt + F" : "Ctrl + Alt + F";
  }

  function isShortcut(event) {
    // event.code: the key's place, whatever Alt makes it type on this keyboard layout.
    return event.code === "KeyF" && event.altKey && !event.shiftKey &&
      (onMac() ? event.metaKey : event.ctrlKey);
  }

  /* Ask for the reading of the word selected in an editor (a button's props) and write it. */
  function addReading(props) {
    var text = strings();
    var editorState = props.getEditorState();
    var selected = selectedWord(editorState);
    // Spaces around the selected word stay outside the notation.
    var parts = /^(\s*)([\s\S]*?)(\s*)$/.exec(selected || "");
    var word = parts[2];
    if (!word) {
      window.alert(text.selectFirst);
      return;
    }
    var reading = window.prompt(text.prompt.replace("{word}", word), "");
    if (reading === null) {
      return;
    }
    var result = notation(word, reading.trim());
    if (!result) {
      window.alert(text.invalid);
      return;
    }
    props.onChange(withReading(editorState, parts[1] + result + parts[3]));
  }

  // Each editor whose toolbar showed the button, by its getEditorState: its latest props.
  // (No hooks or lifecycle: window.React is not the copy of React that renders Draftail.)
  var editors = new Map();

  function onKeyDown(event) {
    if (!isShortcut(event)) {
      return;
    }
    var typedIn = null;
    editors.forEach(function (props) {
      if (!typedIn && props.getEditorState().getSelection().getHasFocus()) {
        typedIn = props;
      }
    });
    if (typedIn) {
      event.preventDefault();
      addReading(typedIn);
    }
  }

  function FuriganaButton(props) {
    var text = strings();
    editors.set(props.getEditorState, props);
    return window.React.createElement(window.Draftail.ToolbarButton, {
      name: "FURIGANA",
      label: text.label,
      title: text.description + "\n" + shortcutLabel(),
      onClick: function () {
        addReading(props);
      }
    });
  }

  window.kokoronFurigana = { notation: notation };
  if (window.draftail) {
    document.addEventListener("keydown", onKeyDown, true);
    window.draftail.registerPlugin({ type: "furigana", inline: FuriganaButton }, "controls");
  }
})();
