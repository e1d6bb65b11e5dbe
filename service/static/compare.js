// The compare view: one column per plan, in the order the API ranks them.

import { formatMs, h } from "./dom.js";
import { hitCard, rewriteNote } from "./results.js";

export function compareView({ compare, contextLink, asTypedLink }) {
  return [rewriteNote(compare, asTypedLink), h("div", { class: "compare" },
    compare.documents.map((plan) => h("section", { class: "column", "data-doc-id": plan.doc_id },
      h("header", {},
        h("h3", { class: "plan" }, plan.doc_title || plan.doc_id),
        plan.region ? h("span", { class: "region" }, plan.region) : null),
      plan.passages.length
        ? plan.passages.map((hit) => hitCard(hit, contextLink, { showPlan: false }))
        : h("p", { class: "empty" }, "未找到相关内容"))))];
}

export function compareStatus(compare) {
  const found = compare.documents.filter((plan) => plan.passages.length).length;
  return `${compare.documents.length} 个方案中有 ${found} 个涉及此内容（用时 ${formatMs(compare.took_ms)} 毫秒）`;
}
