/** Saves text as a file the user downloads (the HAR export), through an object URL. */

/**
 * Starts a download of `text` named `name` from `doc`; returns the object URL, which stays valid for a
 * "download again" link until the caller revokes it.
 */
export function saveTextFile(
  name: string,
  text: string,
  doc: Document = document,
  mime = 'application/json',
): string {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  doc.body.appendChild(link);
  link.click();
  link.remove();
  return url;
}
