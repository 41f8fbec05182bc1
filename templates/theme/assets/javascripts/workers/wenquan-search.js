// wenquan's search worker (issue 18 item 7): Material's own worker, loaded below, with Chinese queries segmented
// against the words of the index the way the index was segmented (jieba at build time), and every word required.
// Material alone splits "开封" into 开 + 封 and finds any page with 开; here a query finds the pages that hold all
// of its words, and titles (place names) rank first as Material ranks them. The file name of Material's worker
// comes in the query string (?material=search.<hash>.min.js), set by templates/theme/main.html.
(function () {
  var SETUP = 0, QUERY = 2;                      // Material's SearchMessageType
  var words = null, longest = 1, separator = /[\s\u200b\u3000\-、。，．？！；]+/;
  var HAN = /\p{Script=Han}+/gu;

  function learn(data) {
    words = new Set();
    try { separator = new RegExp(data.config.separator, "u"); } catch (e) { /* keep the default */ }
    data.docs.forEach(function (doc) {
      [doc.title, doc.text].forEach(function (field) {
        String(field || "").replace(/<[^>]*>/g, " ").split(separator).forEach(function (word) {
          if (word) { words.add(word); longest = Math.max(longest, word.length); }
        });
      });
    });
  }

  // Longest words of the index first; a run that is not a word of the index stays as typed, so that a name the
  // site does not hold finds nothing instead of pages that share one character with it.
  function segment(run) {
    var out = [], i = 0;
    while (i < run.length) {
      var n = Math.min(longest, run.length - i);
      while (n > 1 && !words.has(run.slice(i, i + n))) n -= 1;
      if (!words.has(run.slice(i, i + n))) {           // no word starts here: keep the rest of the run together
        out.push(run.slice(i));
        break;
      }
      out.push(run.slice(i, i + n));
      i += n;
    }
    return out;
  }

  function rewrite(query) {
    if (!words || /[+\-~^:*"]/.test(query)) return query;   // a person's own lunr syntax is left alone
    var terms = [];
    query.trim().split(/\s+/).forEach(function (part) {
      if (!HAN.test(part)) { HAN.lastIndex = 0; if (part) terms.push(part); return; }
      HAN.lastIndex = 0;
      part.split(/(\p{Script=Han}+)/u).forEach(function (piece) {
        if (!piece) return;
        if (/^\p{Script=Han}+$/u.test(piece)) segment(piece).forEach(function (w) { terms.push("+" + w); });
        else terms.push(piece);
      });
    });
    if (terms.length && terms[terms.length - 1][0] === "+" && !words.has(terms[terms.length - 1].slice(1)))
      terms[terms.length - 1] += "*";                 // the word being typed
    return terms.join(" ");
  }

  // Material re-segments every run of Chinese characters in the query by the longest *shorter* words of its
  // index (`query.replace(/\p{sc=Han}+/gu, …)` in its Search.search), so a word such as 温泉 becomes 温* 泉 and an AND
  // query falls apart. A query this worker has already segmented is passed through that one replace unchanged.
  var segmented = new Set();
  var replace = String.prototype.replace;
  String.prototype.replace = function (pattern) {
    if (pattern instanceof RegExp && pattern.source === "\\p{sc=Han}+" && segmented.has(String(this))) return String(this);
    return replace.apply(this, arguments);
  };

  addEventListener("message", function (ev) {        // registered before Material's: it sees the rewritten query
    var message = ev.data;
    if (message && message.type === SETUP) learn(message.data);
    else if (message && message.type === QUERY && typeof message.data === "string") {
      message.data = rewrite(message.data);
      segmented.add(message.data);
    }
  });

  var material = new URLSearchParams(self.location.search).get("material");
  if (!material || !/^search\.[0-9a-f]+\.min\.js$/.test(material)) throw new Error("wenquan-search: no Material worker named");
  importScripts(material);
})();
