// The only script: "select all" on the batch-confirmation list. Pages work without it.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("select-all");
  if (all) all.addEventListener("change", () => {
    document.querySelectorAll("input.pick").forEach((box) => { box.checked = all.checked; });
  });
});
