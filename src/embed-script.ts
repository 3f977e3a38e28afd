/**
 * One script to use the widgets as custom elements in any page (slides, blog
 * posts): `<script type="module" src=".../assets/widgets.js"></script>` then
 * `<ntk-kernel-recursion depth="10"></ntk-kernel-recursion>`.
 * The widget styles are injected once as a <style>; widget code is fetched
 * lazily from next to this script when an element nears the viewport.
 */
import widgetCss from './styles/widget.css?inline';
import { defineWidget, defineWidgets } from './widgets/define';

const STYLE_ID = 'ntk-widget-style';

if (!document.getElementById(STYLE_ID)) {
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = widgetCss;
  document.head.prepend(style);
}
defineWidgets();

export { defineWidget, defineWidgets };
