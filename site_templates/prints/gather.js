// Run by the PDF printer on part 1 of a printable menu cut into parts: it fetches the later parts and joins
// their grade bands to this page, so that one print holds the whole menu with continuous page numbers.
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
    for (const band of doc.querySelectorAll(".kepu-printable .kepu-band")) {
      const items = [...band.querySelectorAll(".kepu-item")].map((item) => document.adoptNode(item));
      if (band.hasAttribute("aria-labelledby")) {
        band.replaceChildren(band.querySelector("h2"));
        menu.insertBefore(document.adoptNode(band), pager);
      }
      // A band cut by a part boundary goes on in the section it began in.
      const bands = menu.querySelectorAll(".kepu-band");
      bands[bands.length - 1].append(...items);
    }
    next = doc.querySelector(".kepu-pager a[rel=next]");
  }
  // What speaks of parts is true of one part, not of the whole.
  document.querySelectorAll(".kepu-part-only").forEach((el) => el.remove());
  await Promise.all(
    [...document.images].filter((img) => !img.complete).map((img) => new Promise((done) => {
      img.onload = img.onerror = done;
    })),
  );
  return document.querySelectorAll(".kepu-printable .kepu-item").length;
}
