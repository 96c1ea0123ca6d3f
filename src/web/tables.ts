/** The data tables of the pages: a caption, column headings, and a body the page script fills. */
import { html, type RawHtml } from './html.js';

interface TableOptions {
  id: string;
  caption: string;
  columns: string[];
  /** Classes beside `data`, e.g. `compact`. */
  variant?: string;
}

export function dataTable({ id, caption, columns, variant }: TableOptions): RawHtml {
  return html`<table class="${variant === undefined ? 'data' : `data ${variant}`}" id="${id}">
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        ${columns.map((column) => html`<th scope="col">${column}</th>`)}
      </tr>
    </thead>
    <tbody></tbody>
  </table>`;
}
