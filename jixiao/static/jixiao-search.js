// The search page: Pagefind's UI, started with the query from ?q= (the theme's
// search box submits there). Results show the report year before the title.
window.addEventListener("DOMContentLoaded", () => {
  const ui = new PagefindUI({
    element: "#jx-search",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    pageSize: 10,
    excerptLength: 40,
    processResult: (result) => {
      const year = result.meta && result.meta["年度"];
      if (year && !result.meta.title.startsWith(year)) {
        result.meta.title = `${year} · ${result.meta.title}`;
      }
      return result;
    },
  });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
    const box = document.querySelector("form.bd-search input");
    if (box) box.value = query;
  }
});
