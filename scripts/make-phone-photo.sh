#!/bin/sh
# make-phone-photo.sh OUT.jpg WIDTH HEIGHT SEED
# A picture with what makes a phone photo heavy (broad shapes, fine texture, sensor noise),
# saved as a phone saves it (JPEG at quality 92), with libvips' command line (libvips-tools).
# The tests, the bench and the sample content make their photos with it.
set -eu
out=$1; w=$2; h=$3; seed=$4
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
for band in 0 1 2; do
  s=$((seed * 10 + band))
  vips perlin "$t/a.v" "$w" "$h" --cell-size 600 --seed "$s"
  vips perlin "$t/b.v" "$w" "$h" --cell-size 90 --seed $((s + 3))
  vips perlin "$t/c.v" "$w" "$h" --cell-size 9 --seed $((s + 5))
  vips gaussnoise "$t/n.v" "$w" "$h" --sigma 5 --mean 0
  vips linear "$t/a.v" "$t/a2.v" 300 128
  vips linear "$t/b.v" "$t/b2.v" 90 0
  vips linear "$t/c.v" "$t/c2.v" 40 0
  vips add "$t/a2.v" "$t/b2.v" "$t/ab.v"
  vips add "$t/ab.v" "$t/c2.v" "$t/abc.v"
  vips add "$t/abc.v" "$t/n.v" "$t/band$band.v"
done
vips bandjoin "$t/band0.v $t/band1.v $t/band2.v" "$t/rgb.v"
vips cast "$t/rgb.v" "$t/u.v" uchar
vips copy "$t/u.v" "$t/srgb.v" --interpretation srgb
vips jpegsave "$t/srgb.v" "$out" --Q 92
