/** Saves `url` as the browser saves any link marked `download`: the file streams to disk, and the page stays. */
export function startDownload(url: string): void {
  const link = document.createElement("a");
  link.href = url;
  link.download = "";
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
