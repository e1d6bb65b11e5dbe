// DOM helpers: data goes in as text; only the server's highlight HTML is parsed, keeping <mark>.

/** An element with attributes, event handlers (`onclick`) and children; strings become text nodes. */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") element.className = value;
    else if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

/**
 * The `highlight` field as nodes. The server escapes the text and adds <mark>; parsing it in an
 * inert <template> and copying only text and <mark> keeps any other markup out all the same.
 */
export function marked(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const fragment = document.createDocumentFragment();
  copyMarks(template.content, fragment);
  return fragment;
}

function copyMarks(from, to) {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.append(node.data);
    } else if (node.nodeName === "MARK") {
      to.append(copyMarks(node, document.createElement("mark")));
    } else {
      to.append(node.textContent);
    }
  }
  return to;
}

/** 三、质量支撑体系 › (三)完善质量治理体系 › 27.强化质量人才队伍建设 */
export function breadcrumb(section) {
  return section.length ? h("p", { class: "crumbs" }, section.join(" › ")) : null;
}

/** Whether the paragraph names its responsible units itself: (责任单位：区市场监管局…). */
export function statesUnits(text, units) {
  return units.every((unit) => text.includes(unit));
}

export function planLabel(title, region) {
  return [title || "（未命名方案）", region].filter(Boolean).join(" · ");
}

/**
 * Long paragraphs start folded to a window of FOLD_CHARS characters around the first match
 * (a match deep in a paragraph is what the reader came for), with a button to unfold them.
 * The button is there only when characters are really left out.
 */
const FOLD_CHARS = 200;
const BEFORE_MATCH = 40; // characters shown before the first match, for its context

export function passageText(text, highlight) {
  const whole = highlight ? marked(highlight) : document.createTextNode(text);
  const paragraph = h("p", { class: "text" });
  if (text.length <= FOLD_CHARS) return append(paragraph, [whole]);
  const first = firstMarkAt(whole);
  const start = first + BEFORE_MATCH < FOLD_CHARS ? 0 : first - BEFORE_MATCH;
  const end = Math.min(text.length, start + FOLD_CHARS);
  const fold = () => paragraph.replaceChildren(
    start > 0 ? "…" : "", excerpt(whole, start, end), end < text.length ? "…" : "");
  fold();
  paragraph.classList.add("folded");
  const toggle = h("button", { type: "button", class: "fold", "aria-expanded": "false" }, "展开全文");
  toggle.addEventListener("click", () => {
    const folded = paragraph.classList.toggle("folded");
    if (folded) fold();
    else paragraph.replaceChildren(whole.cloneNode(true));
    toggle.setAttribute("aria-expanded", String(!folded));
    toggle.textContent = folded ? "展开全文" : "收起";
  });
  return [paragraph, toggle];
}

/** Characters before the first <mark> (0 when there is none). */
function firstMarkAt(fragment) {
  let offset = 0;
  for (const node of fragment.childNodes) {
    if (node.nodeName === "MARK") return offset;
    offset += node.textContent.length;
  }
  return 0;
}

/** The characters [start, end) of a fragment of text and <mark>s, marks kept. */
function excerpt(fragment, start, end) {
  const out = document.createDocumentFragment();
  let offset = 0;
  const nodes = fragment.nodeType === Node.TEXT_NODE ? [fragment] : fragment.childNodes;
  for (const node of nodes) {
    const content = node.textContent;
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + content.length);
    if (from < to) {
      const piece = content.slice(from - offset, to - offset);
      out.append(node.nodeName === "MARK" ? h("mark", {}, piece) : piece);
    }
    offset += content.length;
  }
  return out;
}

export function formatMs(ms) {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}
