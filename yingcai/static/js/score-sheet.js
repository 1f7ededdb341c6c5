// A help while an expert types: the weighted total of the scores entered so far
// (selection/expert/score.html). The server computes the total that counts when the sheet is saved.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("[data-score-form]");
  if (!form || !form.querySelector("[data-live-total]")) return;
  const out = form.querySelector("[data-live-total]");
  const note = form.querySelector("[data-live-note]");
  const missingText = note.dataset.missingText;
  const update = () => {
    let total = 0, missing = 0;
    form.querySelectorAll(".score-input").forEach((input) => {
      const value = Number(input.value);
      if (input.value === "" || !Number.isInteger(value) || value < 0 || value > 100) { missing += 1; return; }
      total += Number(input.dataset.weight) * value / 100;
    });
    out.textContent = missing ? "—" : total.toFixed(2);
    note.textContent = missing ? missingText.replace("%(n)s", missing) : "";
  };
  form.addEventListener("input", update);
  update();
});
