import DOMPurify, { type Config } from 'dompurify';

/**
 * Notebook outputs are untrusted: anyone who can publish a notebook decides what its
 * HTML and SVG say. Everything that reaches the DOM as markup goes through DOMPurify,
 * which drops scripts, event-handler attributes (`onerror`, `onload`, ...) and
 * `javascript:` URLs. Forms and styles go too: a form could post a reader's input
 * elsewhere, and a style element would restyle the whole portal, not just the output.
 */
const HTML_CONFIG: Config = {
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'],
  FORBID_ATTR: ['style', 'formaction'],
};

let hooked = false;

// Links in outputs open in a new tab and give the target page no handle on the portal.
function addLinkHook() {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', node => {
    if (node.tagName === 'A' && node.getAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
}

/** Sanitized HTML from a `text/html` output, safe to put in `innerHTML`. */
export function sanitizeHtml(html: string): string {
  addLinkHook();
  return DOMPurify.sanitize(html, HTML_CONFIG) as unknown as string;
}

/**
 * Sanitized SVG from an `image/svg+xml` output. The result is shown through an
 * `<img>` data URL as well, where browsers run no script even if one slipped through.
 */
export function sanitizeSvg(svg: string): string {
  return DOMPurify.sanitize(svg, {
    USE_PROFILES: { svg: true, svgFilters: true },
  }) as unknown as string;
}

/** The data URL of an SVG, sanitized. */
export function svgDataUrl(svg: string): string {
  let clean = sanitizeSvg(svg);
  // DOMPurify serializes as HTML and may drop the namespace, without which an SVG
  // loaded as an image is not an image at all.
  if (/^<svg(?![^>]*\sxmlns=)/.test(clean))
    clean = clean.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(clean)}`;
}

const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

/**
 * The data URL of a PNG or JPEG output (base64 in nbformat). Anything that is not
 * base64 is refused rather than pasted into a URL.
 */
export function imageDataUrl(mime: string, base64: string): string | undefined {
  if (mime !== 'image/png' && mime !== 'image/jpeg' && mime !== 'image/gif')
    return undefined;
  if (!BASE64.test(base64)) return undefined;
  return `data:${mime};base64,${base64.replace(/\s/g, '')}`;
}
