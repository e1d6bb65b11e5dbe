// The search view: detected places, the quoted answer, and the ranked passages.

import { breadcrumb, formatMs, h, passageText, planLabel, statesUnits } from "./dom.js";
import { chips, facetsPanel, sortControl } from "./filters.js";

export const EXAMPLES = ["首席质量官制度要求", "合川区食品抽检合格率", "同线同标同质", "质量基础设施一站式服务"];

/**
 * @param search   GET /api/search response (its first page)
 * @param ask      GET /api/ask response, or null when it failed
 * @param titleOf  doc_id → plan title
 * @param contextLink (passage_id, label) → an <a> that opens the passage in context
 * @param asTypedLink label → an <a> that searches the words as typed (correct=false)
 * @param planLink (hit) → an <a> to the whole plan at the hit's passage
 * @param refine   { state, onChange }: the filters and sort in force, and how to change them
 * @param loadPage (page) → a promise of that page of the same search
 */
export function searchView({ search, ask, titleOf, contextLink, asTypedLink, planLink, refine, loadPage }) {
  const list = h("ol", { class: "results", "aria-label": "检索结果" },
    search.results.map((hit) => h("li", {}, hitCard(hit, contextLink, { planLink }))));
  return [
    rewriteNote(search, asTypedLink),
    searchNotices(search.notices),
    h("div", { class: "refine" }, chips(refine.state, refine.onChange), sortControl(refine.state, refine.onChange)),
    h("div", { class: "search-layout" },
      facetsPanel(search.facets, refine.state, refine.onChange),
      h("div", { class: "search-main" },
        placeNotices(search.filters, titleOf),
        synonymNote(search.synonyms),
        ask ? answerBox(ask, contextLink) : null,
        search.results.length
          ? [list, moreButton(search, list, (hit) => hitCard(hit, contextLink, { planLink }), loadPage)]
          : h("p", { class: "empty" }, "没有找到相关段落，换个说法、去掉筛选条件或改用“语义”检索试试。"))),
  ];
}

/** 更多结果: the next page appended to the list, until every result is shown. */
function moreButton(search, list, card, loadPage) {
  let shown = search.results.length;
  let page = search.page;
  const button = h("button", { type: "button", class: "more" }, "更多结果");
  const note = h("p", { class: "shown" }, shownText(shown, search));
  button.hidden = shown >= search.total;
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.textContent = "正在加载…";
    try {
      const next = await loadPage(page + 1);
      page = next.page;
      const items = next.results.map((hit) => h("li", {}, card(hit)));
      list.append(...items);
      shown += items.length;
      note.textContent = shownText(shown, next);
      button.hidden = !items.length || shown >= next.total;
      items[0]?.querySelector("a")?.focus();
    } catch (error) {
      note.textContent = `加载失败：${error?.detail || error?.message || error}`;
    } finally {
      button.disabled = false;
      button.textContent = "更多结果";
    }
  });
  return h("div", { class: "more-results" }, note, button);
}

/** "共 1,234 个", or "至少 16,384 个" when the backend counted only so far (total_relation "gte"). */
function totalText(search) {
  const count = (search.total ?? search.results.length).toLocaleString("zh-CN");
  return search.total_relation === "gte" ? `至少 ${count} 个` : `共 ${count} 个`;
}

function shownText(shown, search) {
  return `已显示 ${shown} / ${totalText(search)}段落`;
}

export function searchStatus(search) {
  const count = search.total ?? search.results.length;
  return count ? `找到${totalText(search).replace("共 ", " ")}相关段落（用时 ${formatMs(search.took_ms)} 毫秒）` : "没有找到相关段落";
}

/** 已按“首席质量官”检索（原文为“首席质量管”）· 仍按原词检索 */
export function rewriteNote(response, asTypedLink) {
  if (!response.rewrites?.length) return null;
  const parts = response.rewrites.map((change) => {
    if (change.kind === "simplified") return "繁体字已转为简体";
    if (change.kind === "place") return `“${change.typed}”按地名“${change.searched}”`;
    return `“${change.typed}”按“${change.searched}”`;
  });
  const corrected = response.rewrites.some((change) => change.kind === "spelling");
  return h("p", { class: "notice rewrite" },
    `已按“${response.searched}”检索（${parts.join("，")}）。`,
    corrected && asTypedLink ? asTypedLink(`仍按原词“${response.query ?? response.question}”检索`) : null);
}

/** What the reader should know first: no plan of the region named; results by meaning only. */
function searchNotices(notices) {
  if (!notices?.length) return null;
  return notices.map((notice) =>
    h("p", { class: `notice ${notice.code}`, "data-code": notice.code, role: "status" }, notice.message));
}

/** 已按地区筛选：合川 → 合川区质量强区建设实施方案 */
function placeNotices(filters, titleOf) {
  if (!filters.detected.length) return null;
  return h("div", { class: "notice places" },
    filters.detected.map((place) => h("p", {},
      place.mode === "restrict" ? "已按地区筛选：" : "已优先显示：",
      `${place.name} → ${place.doc_ids.map(titleOf).join("、")}`)));
}

function synonymNote(synonyms) {
  if (!synonyms.length) return null;
  const words = synonyms.map((s) => `${s.term}（${s.expanded_to.join("、")}）`);
  return h("p", { class: "synonyms" }, `同时检索了近义词：${words.join("；")}`);
}

function answerBox(ask, contextLink) {
  if (!ask.answer.length) return null;
  return h("section", { class: "answer", "aria-labelledby": "answer-heading" },
    h("h2", { id: "answer-heading" }, "简要回答"),
    h("ol", {}, ask.answer.map((sentence) => h("li", {},
      h("blockquote", {}, sentence.text),
      h("p", { class: "cite" }, "出处：",
        contextLink(sentence.passage_id,
          [planLabel(sentence.doc_title, sentence.region), sentence.section.join(" › ")]
            .filter(Boolean).join(" · ")))))),
    h("p", { class: "hint" }, "以上句子摘自方案原文，按相关程度排列。"));
}

export function hitCard(hit, contextLink, { showPlan = true, planLink = null } = {}) {
  return h("article", { class: "card hit", "data-passage-id": hit.passage_id },
    showPlan
      ? h("header", {},
          h("h3", { class: "plan" }, hit.doc_title || hit.doc_id),
          hit.region ? h("span", { class: "region" }, hit.region) : null)
      : null,
    breadcrumb(hit.section),
    passageText(hit.text, hit.highlight),
    // The units are shown apart only when the text does not already name them.
    hit.responsible_units.length && !statesUnits(hit.text, hit.responsible_units)
      ? h("p", { class: "units" }, h("span", { class: "label" }, "责任单位："),
          hit.responsible_units.join("、"))
      : null,
    h("footer", {}, contextLink(hit.passage_id, "查看上下文"), planLink ? planLink(hit) : null));
}
