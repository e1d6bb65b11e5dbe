// A passage in context: a modal dialog with the passage and its neighbours in the plan.

import { describeError, getJSON } from "./api.js";
import { breadcrumb, h, marked, planLabel, statesUnits } from "./dom.js";

export class ContextDialog {
  /**
   * @param dialog      the <dialog> element
   * @param highlightOf passage_id → highlight HTML from the latest results, or undefined
   * @param planUrlOf   (doc_id, passage_id) → the URL of the whole plan opened at the passage
   * @param onChange    called with the passage id shown, or "" when the dialog closes
   */
  constructor(dialog, { highlightOf, planUrlOf, onChange }) {
    this.dialog = dialog;
    this.highlightOf = highlightOf;
    this.planUrlOf = planUrlOf;
    this.onChange = onChange;
    this.meta = dialog.querySelector(".context-meta");
    this.body = dialog.querySelector(".context-body");
    this.steps = { prev: dialog.querySelector("[data-step=prev]"), next: dialog.querySelector("[data-step=next]") };
    this.neighbours = { prev: null, next: null };
    this.opener = null;
    this.generation = 0;

    dialog.querySelector("[data-close]").addEventListener("click", () => this.close());
    // A click on the backdrop lands on the <dialog> itself; its content fills a frame inside.
    dialog.addEventListener("click", (event) => { if (event.target === dialog) this.close(); });
    dialog.addEventListener("close", () => this.closed());
    for (const [step, button] of Object.entries(this.steps)) {
      button.addEventListener("click", () => { if (this.neighbours[step]) this.show(this.neighbours[step]); });
    }
  }

  get isOpen() {
    return this.dialog.open;
  }

  open(passageId, opener = document.activeElement) {
    if (!this.dialog.open) {
      this.opener = opener;
      this.dialog.showModal();
      this.dialog.querySelector("#context-title").focus();
    }
    return this.show(passageId);
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  closed() {
    this.generation += 1;
    this.onChange("");
    if (this.opener?.isConnected) this.opener.focus();
    this.opener = null;
  }

  async show(passageId) {
    const generation = ++this.generation;
    this.onChange(passageId);
    this.dialog.setAttribute("aria-busy", "true");
    this.body.replaceChildren(h("p", { class: "loading" }, "正在加载…"));
    try {
      const passage = await getJSON(`api/passages/${encodeURIComponent(passageId)}`);
      const [prev, next] = await Promise.all([passage.prev_id, passage.next_id].map(
        (id) => (id ? getJSON(`api/passages/${encodeURIComponent(id)}`).catch(() => null) : null)));
      if (generation !== this.generation) return;
      this.render(passage, prev, next);
    } catch (error) {
      if (generation !== this.generation) return;
      this.meta.textContent = "";
      this.body.replaceChildren(h("p", { class: "error", role: "alert" }, describeError(error)));
      this.setNeighbours(null, null);
    } finally {
      if (generation === this.generation) this.dialog.removeAttribute("aria-busy");
    }
  }

  render(passage, prev, next) {
    this.meta.replaceChildren(planLabel(passage.doc_title, passage.region), " · ",
      h("a", { class: "plan-link", href: this.planUrlOf(passage.doc_id, passage.passage_id) }, "在全文中查看"));
    const current = block(passage, "current", "本段", this.highlightOf(passage.passage_id));
    this.body.replaceChildren(...[
      prev && block(prev, "prev", "上一段"),
      current,
      next && block(next, "next", "下一段"),
    ].filter(Boolean));
    this.setNeighbours(passage.prev_id, passage.next_id);
    current.scrollIntoView({ block: "nearest" });
  }

  setNeighbours(prev, next) {
    this.neighbours = { prev, next };
    for (const [step, button] of Object.entries(this.steps)) {
      const disabled = !this.neighbours[step];
      // A button that disables itself would drop focus to <body>; keep it in the dialog.
      if (disabled && document.activeElement === button) this.dialog.querySelector("[data-close]").focus();
      button.disabled = disabled;
    }
  }
}

function block(passage, role, label, highlight) {
  return h("article", { class: `passage ${role}`, "data-passage-id": passage.passage_id,
                        "aria-current": role === "current" ? "true" : null },
    h("p", { class: "which" }, label),
    breadcrumb(passage.section),
    h("p", { class: "text" }, highlight ? marked(highlight) : passage.text),
    passage.responsible_units.length && !statesUnits(passage.text, passage.responsible_units)
      ? h("p", { class: "units" }, `责任单位：${passage.responsible_units.join("、")}`)
      : null);
}
