// Convert Natural Earth countries (npm world-atlas 2.0.2, TopoJSON) to GeoJSON.
// Usage: node export_world.js NODE_MODULES_DIR OUT.geojson [50m|110m|10m]
const fs = require('fs');
const path = require('path');
const [modules, out, res = '50m'] = process.argv.slice(2);
const topojson = require(path.join(modules, 'topojson-client'));
const topo = JSON.parse(fs.readFileSync(path.join(modules, 'world-atlas', `countries-${res}.json`)));
const fc = topojson.feature(topo, topo.objects.countries);
fs.writeFileSync(out, JSON.stringify(fc));
console.log(`${res}: ${fc.features.length} countries -> ${out}`);
