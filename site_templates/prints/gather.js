// Run by the PDF printer on part 1 of a printable menu cut into parts: it fetches the later parts and joins
// their sections to this page, so that one print holds the whole menu with continuous page numbers.
async () => {
  const menu = document.querySelector(".kepu-printable");
  const pager = menu.querySelector(".kepu-pager");
  let next = pager && pager.querySelector("a[rel=next]");
  while (next) {
    const url = next.href;
    const text = await (await fetch(url)).text();
    const doc = new DOMParser().parseFromString(text, "text/html");
    // Links and images are relative to the part they come from.
    for (const el of doc.querySelectorAll(".kepu-printable [href], .kepu-printable [src]")) {
      for (const name of ["href", "src"]) {
        if (el.hasAttribute(name)) el.setAttribute(name, new URL(el.getAttribute(name), url).href);
      }
    }
    for (const section of doc.querySelectorAll(".kepu-printable .kepu-section")) {
      const items = [...section.querySelectorAll(".kepu-item")].map((item) => document.adoptNode(item));
      if (section.hasAttribute("aria-labelledby")) {
        section.replaceChildren(section.querySelector("h2"));
        menu.insertBefore(document.adoptNode(section), pager);
      }
      // A section cut by a part boundary goes on in the section it began in.
      const sections = menu.querySelectorAll(".kepu-section");
      sections[sections.length - 1].append(...items);
    }
    next = doc.querySelector(".kepu-pager a[rel=next]");
  }
  // Every section is now on this page: the table of contents leads to its headings here (links within the
  // PDF), not to the parts they begin on.
  for (const link of menu.querySelectorAll(".kepu-toc a")) link.setAttribute("href", new URL(link.href).hash);
  // What speaks of parts is true of one part, not of the whole.
  document.querySelectorAll(".kepu-part-only").forEach((el) => el.remove());
  await Promise.all(
    [...document.images].filter((img) => !img.complete).map((img) => new Promise((done) => {
      img.onload = img.onerror = done;
    })),
  );
  return document.querySelectorAll(".kepu-printable .kepu-item").length;
}
