// Convert US counties (npm us-atlas 3.0.1, TopoJSON from the Census Bureau's cartographic
// boundary files) to GeoJSON, one feature per county with its five-digit FIPS code as id.
// Usage: node export_us_counties.js NODE_MODULES_DIR OUT.geojson
const fs = require('fs');
const path = require('path');
const [modules, out] = process.argv.slice(2);
const topojson = require(path.join(modules, 'topojson-client'));
const topo = JSON.parse(fs.readFileSync(path.join(modules, 'us-atlas', 'counties-10m.json')));
const fc = topojson.feature(topo, topo.objects.counties);
fs.writeFileSync(out, JSON.stringify(fc));
console.log(`${fc.features.length} counties -> ${out}`);
