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

export function planLabel(title, region) {
  return [title || "（未命名方案）", region].filter(Boolean).join(" · ");
}

/** Long paragraphs start folded to a few lines, with a button to unfold them. */
const FOLD_AFTER_CHARS = 200;

export function passageText(text, highlight) {
  const paragraph = h("p", { class: "text" }, highlight ? marked(highlight) : text);
  if (text.length <= FOLD_AFTER_CHARS) return paragraph;
  paragraph.classList.add("folded");
  const toggle = h("button", { type: "button", class: "fold", "aria-expanded": "false" }, "展开全文");
  toggle.addEventListener("click", () => {
    const folded = paragraph.classList.toggle("folded");
    toggle.setAttribute("aria-expanded", String(!folded));
    toggle.textContent = folded ? "展开全文" : "收起";
  });
  return [paragraph, toggle];
}

export function formatMs(ms) {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}
