#!/bin/sh
# Makes the photo fixtures with Debian's tools (libvips-tools, libimage-exiftool-perl):
# a 96×64 colour gradient saved as JPEG, PNG (with alpha) and WebP, and the JPEG again as a
# phone would write it: camera make and model, GPS position (Toulouse, Capitole), date and
# orientation 6 (the phone held upright: the pixels are stored sideways).
set -eu
cd "$(dirname "$0")"
vips xyz xy.v 96 64
vips extract_band xy.v x.v 0
vips extract_band xy.v y.v 1
vips linear x.v r.v 2.6 0 --uchar
vips linear y.v g.v 4 0 --uchar
vips bandjoin "r.v g.v x.v" rgb.v
vips copy rgb.v srgb.v --interpretation srgb
vips jpegsave srgb.v plain.jpg --Q 80 --strip
vips bandjoin_const srgb.v rgba.v 200
vips pngsave rgba.v plain.png --strip
vips webpsave srgb.v plain.webp --Q 80 --strip
cp plain.jpg gps.jpg
exiftool -q -overwrite_original -Make=Fairphone -Model="Fairphone 4" -DateTimeOriginal="2026:06:21 10:42:00" \
  -GPSLatitude=43.604468 -GPSLatitudeRef=N -GPSLongitude=1.443365 -GPSLongitudeRef=E -Orientation#=6 gps.jpg
rm -f ./*.v
