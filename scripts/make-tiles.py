#!/usr/bin/python3
"""Draws a small raster base map into an MBTiles file, for the demo and the tests (issue 15:
a base map without a third party). Debian's Python standard library only (sqlite3, zlib).

    make-tiles.py GEOJSON OUT.mbtiles --bbox W,S,E,N --zooms 10-14 [--attribution TEXT]

Every tile of the zooms that touches the box is drawn: a paper-coloured background and the
outlines of the GeoJSON's polygons (communes), 256 × 256 PNG, rows numbered as MBTiles wants
(TMS: from the south). A commune with real base-map tiles (Plan IGN under Licence Ouverte, or
tiles made from OpenStreetMap) uses those instead; this only shows the path works offline.
"""
import argparse
import json
import math
import os
import sqlite3
import struct
import zlib

SIZE = 256
PAPER = (243, 241, 236)
LINE = (176, 168, 152)


def lonlat_to_pixel(lon, lat, zoom):
    """Web Mercator world pixel at zoom (256-pixel tiles)."""
    n = SIZE * (1 << zoom)
    x = (lon + 180.0) / 360.0 * n
    s = math.sin(math.radians(max(-85.05, min(85.05, lat))))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * n
    return x, y


def rings(geometry):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def png(pixels):
    """pixels: bytearray of SIZE*SIZE RGB."""
    raw = b"".join(b"\x00" + bytes(pixels[r * SIZE * 3:(r + 1) * SIZE * 3]) for r in range(SIZE))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def draw_line(pixels, x0, y0, x1, y1):
    steps = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
    for i in range(steps + 1):
        t = i / steps
        x = int(x0 + (x1 - x0) * t)
        y = int(y0 + (y1 - y0) * t)
        if 0 <= x < SIZE and 0 <= y < SIZE:
            o = (y * SIZE + x) * 3
            pixels[o:o + 3] = bytes(LINE)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("geojson")
    ap.add_argument("out")
    ap.add_argument("--bbox", required=True)
    ap.add_argument("--zooms", default="10-14")
    ap.add_argument("--name", default="Quartier demo")
    ap.add_argument("--attribution", default="Limites communales : IGN Admin Express (Licence Ouverte)")
    a = ap.parse_args()
    west, south, east, north = (float(v) for v in a.bbox.split(","))
    zmin, zmax = (int(v) for v in a.zooms.split("-"))
    with open(a.geojson, encoding="utf-8") as f:
        features = json.load(f)["features"]
    edges = []  # lon/lat segments near the box
    for feature in features:
        for ring in rings(feature["geometry"]):
            for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                if max(x0, x1) < west - 0.1 or min(x0, x1) > east + 0.1:
                    continue
                if max(y0, y1) < south - 0.1 or min(y0, y1) > north + 0.1:
                    continue
                edges.append((x0, y0, x1, y1))

    tmp = a.out + ".tmp"
    if os.path.exists(tmp):
        os.remove(tmp)
    db = sqlite3.connect(tmp)
    db.executescript("""
        CREATE TABLE metadata (name TEXT, value TEXT);
        CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
        CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
    """)
    meta = {"name": a.name, "format": "png", "type": "baselayer", "version": "1",
            "minzoom": str(zmin), "maxzoom": str(zmax), "bounds": f"{west},{south},{east},{north}",
            "attribution": a.attribution}
    db.executemany("INSERT INTO metadata VALUES (?, ?)", meta.items())
    count = 0
    for z in range(zmin, zmax + 1):
        x0, y0 = lonlat_to_pixel(west, north, z)
        x1, y1 = lonlat_to_pixel(east, south, z)
        buckets = {}
        for (lon0, lat0, lon1, lat1) in edges:
            p0 = lonlat_to_pixel(lon0, lat0, z)
            p1 = lonlat_to_pixel(lon1, lat1, z)
            for tx in range(int(min(p0[0], p1[0]) // SIZE), int(max(p0[0], p1[0]) // SIZE) + 1):
                for ty in range(int(min(p0[1], p1[1]) // SIZE), int(max(p0[1], p1[1]) // SIZE) + 1):
                    buckets.setdefault((tx, ty), []).append((p0, p1))
        for tx in range(int(x0 // SIZE), int(x1 // SIZE) + 1):
            for ty in range(int(y0 // SIZE), int(y1 // SIZE) + 1):
                pixels = bytearray(bytes(PAPER) * (SIZE * SIZE))
                for p0, p1 in buckets.get((tx, ty), []):
                    draw_line(pixels, p0[0] - tx * SIZE, p0[1] - ty * SIZE, p1[0] - tx * SIZE, p1[1] - ty * SIZE)
                db.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, tx, (1 << z) - 1 - ty, png(pixels)))
                count += 1
    db.commit()
    db.close()
    os.replace(tmp, a.out)
    print(f"make-tiles: {count} tiles, zooms {zmin}-{zmax}, in {a.out}")


if __name__ == "__main__":
    main()
