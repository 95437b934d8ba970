"""Geometry for the server-rendered SVG charts: the stacked timeline, the network layout and the map.
Only numbers and our own labels come out; the templates escape every text."""

from __future__ import annotations

import math
from typing import Any

from dateline.serve.worldmap import country_points, project

CATEGORIES = ("cooperation", "conflict", "other")


def timeline_bars(data: dict[str, Any], *, width: int = 900, height: int = 260) -> dict[str, Any]:
    """Bars per period, stacked by category, in a ``width`` x ``height`` plot area."""
    buckets = data["buckets"]
    top = max((b["total"] for b in buckets), default=0) or 1
    n = max(len(buckets), 1)
    step = width / n
    bar_w = max(2.0, step * 0.8)
    bars = []
    for i, b in enumerate(buckets):
        x = i * step + (step - bar_w) / 2
        y = float(height)
        parts = []
        for cat in CATEGORIES:
            count = b["categories"].get(cat, 0)
            if not count:
                continue
            h = count / top * height
            y -= h
            parts.append({"category": cat, "count": count, "y": round(y, 1), "height": round(h, 1)})
        bars.append({"period": b["period"], "total": b["total"], "x": round(x, 1), "width": round(bar_w, 1),
                     "parts": parts, "types": b["types"]})  # fmt: skip
    every = max(1, math.ceil(n / 12))
    return {"bars": bars, "width": width, "height": height, "max": top, "label_every": every}


def network_layout(
    net: dict[str, Any], *, width: int = 900, height: int = 600, iterations: int = 250, max_nodes: int = 40
) -> dict[str, Any]:
    """A deterministic force-directed (Fruchterman-Reingold, with a pull to the centre so separate
    groups stay in view) layout of the ``max_nodes`` most active nodes and the edges between them."""
    total = len(net["nodes"])
    keep = {n["id"] for n in sorted(net["nodes"], key=lambda n: (-n["events"], n["id"]))[:max_nodes]}
    nodes = [n for n in net["nodes"] if n["id"] in keep]
    net = {"nodes": nodes, "edges": [e for e in net["edges"] if e["source"] in keep and e["target"] in keep]}
    n = len(nodes)
    index = {node["id"]: i for i, node in enumerate(nodes)}
    pos = [
        [
            math.cos(2 * math.pi * i / max(n, 1)) * width / 3,
            math.sin(2 * math.pi * i / max(n, 1)) * height / 3,
        ]
        for i in range(n)
    ]
    pairs: dict[tuple[int, int], int] = {}
    for e in net["edges"]:
        a, b = index[e["source"]], index[e["target"]]
        key = (min(a, b), max(a, b))
        pairs[key] = pairs.get(key, 0) + e["weight"]
    k = math.sqrt(width * height / max(n, 1)) * 0.6
    temp = width / 8
    for _ in range(iterations if n > 1 else 0):
        disp = [[0.0, 0.0] for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
                d = math.hypot(dx, dy) or 0.01
                f = k * k / d
                disp[i][0] += dx / d * f
                disp[i][1] += dy / d * f
                disp[j][0] -= dx / d * f
                disp[j][1] -= dy / d * f
        for (i, j), w in pairs.items():
            dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
            d = math.hypot(dx, dy) or 0.01
            f = d * d / k * (1 + math.log(w))
            disp[i][0] -= dx / d * f
            disp[i][1] -= dy / d * f
            disp[j][0] += dx / d * f
            disp[j][1] += dy / d * f
        for i in range(n):
            disp[i][0] -= pos[i][0] * 0.08 * k / 50
            disp[i][1] -= pos[i][1] * 0.08 * k / 50
            d = math.hypot(*disp[i]) or 0.01
            step = min(d, temp)
            pos[i][0] += disp[i][0] / d * step
            pos[i][1] += disp[i][1] / d * step
        temp *= 0.97
    margin = 40
    if n:
        xs, ys = [p[0] for p in pos], [p[1] for p in pos]
        sx = (max(xs) - min(xs)) or 1
        sy = (max(ys) - min(ys)) or 1
        for p in pos:
            p[0] = margin + (p[0] - min(xs)) / sx * (width - 2 * margin) if n > 1 else width / 2
            p[1] = margin + (p[1] - min(ys)) / sy * (height - 2 * margin) if n > 1 else height / 2
    top = max((node["events"] for node in nodes), default=1) or 1
    out_nodes = [
        {
            **node,
            "x": round(pos[i][0], 1),
            "y": round(pos[i][1], 1),
            "r": round(5 + 12 * math.sqrt(node["events"] / top), 1),
        }
        for i, node in enumerate(nodes)
    ]
    heaviest = max((e["weight"] for e in net["edges"]), default=1) or 1
    out_edges = []
    for e in net["edges"]:
        na, nb = out_nodes[index[e["source"]]], out_nodes[index[e["target"]]]
        out_edges.append({**e, "x1": na["x"], "y1": na["y"], "x2": nb["x"], "y2": nb["y"],
                          "stroke": round(1 + 5 * e["weight"] / heaviest, 1)})  # fmt: skip
    return {"nodes": out_nodes, "edges": out_edges, "width": width, "height": height, "hidden": total - n}


def map_points(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Map points for places: their coordinates, else their country's label point; sized by events."""
    points = country_points()
    out = []
    top = max((p["events"] + p["mentions"] for p in places), default=1) or 1
    for p in places:
        if p.get("lat") is not None and p.get("lon") is not None:
            x, y = project(p["lat"], p["lon"])
            exact = True
        elif p.get("country") in points:
            x, y = points[p["country"]]
            exact = False
        else:
            continue
        weight = p["events"] + p["mentions"]
        out.append({**p, "x": x, "y": y, "exact": exact, "r": round(0.8 + 2.5 * math.sqrt(weight / top), 2)})
    return out
