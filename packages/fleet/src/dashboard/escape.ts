/** Text for HTML and SVG, element content or quoted attribute: repository names and owners are anyone's. */
export function html(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (char) => `&#${String(char.charCodeAt(0))};`);
}
