// The indexed plans, listed on the home page, each linking to its whole text.

import { h } from "./dom.js";

export function planUrl(docId, { q = "", passageId = "" } = {}) {
  const query = q ? `?${new URLSearchParams({ q })}` : "";
  return `plans/${encodeURIComponent(docId)}${query}${passageId ? `#${encodeURIComponent(passageId)}` : ""}`;
}

export function plansTable(documents) {
  if (!documents.length) return null;
  return h("section", { class: "plans", "aria-labelledby": "plans-heading" },
    h("h2", { id: "plans-heading" }, `已收录方案（${documents.length} 份）`),
    h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "已收录方案（可横向滚动）" },
      h("table", { class: "plan-list" },
        h("thead", {}, h("tr", {},
          ["方案", "地区", "层级", "发文字号", "发布日期", "段落"].map((label) => h("th", { scope: "col" }, label)))),
        h("tbody", {}, documents.map((plan) => h("tr", { "data-doc-id": plan.doc_id },
          h("td", {}, h("a", { href: planUrl(plan.doc_id) }, plan.title || plan.doc_id)),
          h("td", {}, plan.region ?? "—"),
          h("td", {}, plan.level ?? "—"),
          h("td", {}, plan.doc_number ?? "—"),
          h("td", {}, plan.published ?? "—"),
          h("td", { class: "number" }, String(plan.passages))))))));
}
