"""One router per resource; ``pages`` renders the HTML UI over the same queries."""
