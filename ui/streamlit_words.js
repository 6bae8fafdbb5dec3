// Streamlit's own English words in the page's language (issue 13), installed by
// ui/streamlit_words.py. WORDS is [[source, word], ...]: a source is a word of any language
// (Streamlit's English or a catalogue's), a word its text in the page's language; "{name}"
// stands for a part kept as it is (a size, a label). Text nodes and the attributes a reader
// sees (tooltips, placeholders) are rewritten as Streamlit draws them; a language switch
// re-runs this with the new words, so words put in before are rewritten too.
(() => {
  const WORDS = __WORDS__;
  const ATTRIBUTES = ["aria-label", "title", "placeholder", "alt"];
  const state = (window.__scxStreamlitWords ||= {});
  const exact = new Map();
  const patterns = [];
  const escape = (text) => text.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  for (const [source, word] of WORDS) {
    if (!source.includes("{")) { exact.set(source, word); continue; }
    const parts = source.split(/(\{\w+\})/).map(
      (part) => /^\{\w+\}$/.test(part) ? `(?<${part.slice(1, -1)}>.+?)` : escape(part));
    patterns.push([new RegExp(`^${parts.join("")}$`, "s"), word]);
  }
  state.word = (text) => {
    const trimmed = text.trim();
    if (!trimmed || trimmed.length > 200) return null;
    let word = exact.get(trimmed);
    for (let k = 0; word === undefined && k < patterns.length; k++) {
      const found = patterns[k][0].exec(trimmed);
      if (found) word = patterns[k][1].replace(/\{(\w+)\}/g, (_, name) => found.groups[name]);
    }
    return word === undefined || word === trimmed ? null : text.replace(trimmed, word);
  };
  const attributes = (element) => {
    for (const name of ATTRIBUTES) {
      const value = element.getAttribute(name);
      const word = value && state.word(value);
      if (word) element.setAttribute(name, word);
    }
  };
  const visit = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const word = state.word(node.data);
      if (word) node.data = word;
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE || node.closest("script,style")) return;
    attributes(node);
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let next = walker.nextNode(); next; next = walker.nextNode()) {
      if (next.nodeType === Node.TEXT_NODE) {
        const word = state.word(next.data);
        if (word) next.data = word;
      } else if (!next.matches("script,style")) attributes(next);
    }
  };
  if (!state.observer) {
    state.observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === "childList") record.addedNodes.forEach(visit);
        else if (record.type === "characterData") visit(record.target);
        else attributes(record.target);
      }
    });
    state.observer.observe(document.body, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ATTRIBUTES,
    });
  }
  visit(document.body);
})();
