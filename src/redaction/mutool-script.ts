/**
 * The script run by Debian's `mutool run` (MuPDF 1.21, a separate AGPL program: decision 017). Plain
 * ES5 for MuPDF's JavaScript interpreter, kept as text and written to a temporary file once per process.
 *
 *   read IN            → JSON {pages:[{w,h,scan,ocr,lines:[[[c,x0,y0,x1,y1],…],…]}]} on stdout (scan: images
 *                        and no visible text; ocr: invisible text, the layer OCR puts over a scan)
 *   apply IN OUT SPEC  → applies SPEC (JSON file: boxes, legend, dropText, raster), saves a clean copy
 *                        and prints the copy as `read` does
 *   scan IN OUT W H [OCR] → (tests) a one-page PDF of the image IN at W×H points, with an invisible text layer
 * Problems are printed as one line "GKERR code" and exit status 3.
 */
export const MUTOOL_SCRIPT = String.raw`
function fail(code) { print("GKERR " + code); quit(3); }
function openDoc(path) {
  var doc;
  try { doc = new PDFDocument(path); } catch (e) { fail("damaged"); }
  if (doc.needsPassword()) fail("encrypted");
  var n;
  try { n = doc.countPages(); } catch (e) { fail("damaged"); }
  if (n < 1) fail("damaged");
  return doc;
}
// The spec is written as ASCII JSON (non-ASCII escaped), so bytes are characters.
function asciiFile(path) {
  var b = readFile(path);
  var parts = [];
  for (var i = 0; i < b.length; i++) parts.push(String.fromCharCode(b[i]));
  return parts.join("");
}
function r2(v) { return Math.round(v * 100) / 100; }
function read(path) {
  var doc = openDoc(path);
  var n = doc.countPages();
  var out = [];
  for (var i = 0; i < n; i++) {
    var page = doc.loadPage(i);
    var b = page.bound();
    var lines = [];
    var line = null;
    var st;
    try { st = page.toStructuredText("preserve-whitespace"); } catch (e) { fail("damaged"); }
    st.walk({
      beginLine: function () { line = []; },
      endLine: function () { if (line && line.length) lines.push(line); line = null; },
      onChar: function (c, origin, font, size, q) {
        if (!line) line = [];
        var x0 = Math.min(q[0], q[4]), y0 = Math.min(q[1], q[3]), x1 = Math.max(q[2], q[6]), y1 = Math.max(q[5], q[7]);
        // Fonts with a large ascent and descent give boxes reaching into the next line: for upright text
        // keep the band from 0.88 em above the baseline to 0.2 em below it.
        if (q[1] === q[3] && size > 0) {
          y0 = Math.max(y0, origin[1] - 0.88 * size);
          y1 = Math.min(y1, origin[1] + 0.2 * size);
        }
        line.push([c, r2(x0), r2(y0), r2(x1), r2(y1)]);
      }
    });
    var seen = { img: 0, text: 0, hidden: 0 };
    page.run({
      fillImage: function () { seen.img++; },
      fillText: function () { seen.text++; },
      strokeText: function () { seen.text++; },
      clipText: function () { seen.text++; },
      ignoreText: function () { seen.hidden++; }
    }, Identity);
    out.push({ w: r2(b[2] - b[0]), h: r2(b[3] - b[1]), scan: seen.img > 0 && seen.text === 0, ocr: seen.hidden > 0, lines: lines });
  }
  print(JSON.stringify({ pages: out }));
}
function hex4(s) {
  var h = "";
  for (var i = 0; i < s.length; i++) { var x = s.charCodeAt(i).toString(16).toUpperCase(); while (x.length < 4) x = "0" + x; h += x; }
  return h;
}
function addFontTo(doc, pageObj, font) {
  var res = pageObj.get("Resources");
  if (!res || res.isNull()) { res = doc.newDictionary(); pageObj.put("Resources", res); }
  var fonts = res.get("Font");
  if (!fonts || fonts.isNull()) { fonts = doc.newDictionary(); res.put("Font", fonts); }
  fonts.put("GkLabel", font);
}
function appendContent(doc, pageObj, text) {
  var buf = new Buffer(); buf.writeLine(text);
  var cs = doc.addStream(buf, {});
  var contents = pageObj.get("Contents");
  var arr = doc.newArray();
  if (contents && contents.isArray()) { for (var i = 0; i < contents.length; i++) arr.push(contents.get(i)); }
  else if (contents && !contents.isNull()) arr.push(contents);
  arr.push(cs);
  pageObj.put("Contents", arr);
}
function strip(doc) {
  var trailer = doc.getTrailer();
  trailer.delete("Info");
  var root = trailer.get("Root");
  var ocp = root.get("OCProperties");
  if (ocp && !ocp.isNull()) {
    var d = ocp.get("D");
    var off = d && !d.isNull() ? d.get("OFF") : null;
    if (off && off.isArray() && off.length > 0) fail("hidden-layers");
  }
  var keys = ["Metadata", "OCProperties", "Names", "OpenAction", "AA", "AcroForm", "StructTreeRoot", "MarkInfo",
    "PieceInfo", "Outlines", "Threads", "SpiderInfo", "Perms", "Legal", "Collection", "URI", "Dests"];
  for (var k = 0; k < keys.length; k++) root.delete(keys[k]);
  var n = doc.countPages();
  for (var i = 0; i < n; i++) {
    var p = doc.findPage(i);
    var pk = ["Annots", "AA", "Metadata", "PieceInfo", "Thumb", "StructParents", "B", "ID", "PZ", "SeparationInfo"];
    for (var j = 0; j < pk.length; j++) p.delete(pk[j]);
  }
}
// A page whose fonts make MuPDF take neighbouring glyphs along is replaced by its image (150 dpi) with
// the boxes painted in: nothing of the old content stays, the page looks the same, its text is no longer text.
function rasterize(doc, pno, boxes) {
  var page = doc.loadPage(pno);
  var b = page.bound();
  var z = 150 / 72;
  var pix = page.toPixmap([z, 0, 0, z, -b[0] * z, -b[1] * z], DeviceRGB, false, true);
  var dev = new DrawDevice(Identity, pix);
  for (var i = 0; i < boxes.length; i++) {
    var r = boxes[i].rect;
    var path = new Path();
    path.rect(r[0] * z, r[1] * z, r[2] * z, r[3] * z);
    dev.fillPath(path, false, Identity, DeviceRGB, [0, 0, 0], 1);
  }
  dev.close();
  var w = r2(b[2] - b[0]), h = r2(b[3] - b[1]);
  var pobj = doc.findPage(pno);
  pobj.put("MediaBox", [0, 0, w, h]);
  pobj.delete("CropBox"); pobj.delete("TrimBox"); pobj.delete("BleedBox"); pobj.delete("ArtBox"); pobj.delete("Rotate");
  pobj.put("Resources", doc.addObject({ XObject: { GkPage: doc.addImage(new Image(pix)) } }));
  var buf = new Buffer(); buf.writeLine("q " + w + " 0 0 " + h + " 0 0 cm /GkPage Do Q");
  pobj.put("Contents", doc.addStream(buf, {}));
}
function apply(inPath, outPath, specPath) {
  var spec = JSON.parse(asciiFile(specPath));
  var doc = openDoc(inPath);
  var n = doc.countPages();
  var font = doc.addCJKFont(new Font("zh-Hans"), "zh-Hans", 0, true);
  var byPage = {};
  for (var i = 0; i < spec.boxes.length; i++) {
    var b = spec.boxes[i];
    if (b.page < 0 || b.page >= n) fail("page");
    (byPage[b.page] = byPage[b.page] || []).push(b);
  }
  var raster = {};
  for (var ri = 0; ri < spec.raster.length; ri++) raster[spec.raster[ri]] = true;
  for (var key in byPage) {
    var pno = Number(key);
    if (raster[pno]) { rasterize(doc, pno, byPage[key]); continue; }
    var page = doc.loadPage(pno);
    var boxes = byPage[key];
    for (var j = 0; j < boxes.length; j++) {
      var a = page.createAnnotation("Redact");
      a.setRect(boxes[j].rect);
      a.update();
    }
    page.applyRedactions(true, 2);
  }
  for (var d = 0; d < spec.dropText.length; d++) {
    var dp = doc.loadPage(spec.dropText[d]);
    var all = dp.createAnnotation("Redact");
    all.setRect(dp.bound());
    all.update();
    dp.applyRedactions(false, 0);
  }
  strip(doc);
  for (var key2 in byPage) {
    var pno2 = Number(key2);
    var pageObj = doc.findPage(pno2);
    var pg = doc.loadPage(pno2);
    var bnd = pg.bound();
    var mb = pageObj.get("MediaBox");
    var rot = pageObj.get("Rotate");
    if (rot && !rot.isNull() && Number(rot.valueOf()) % 360 !== 0) continue;
    var left = mb && mb.isArray() ? Number(mb.get(0).valueOf()) : 0;
    var top = mb && mb.isArray() ? Number(mb.get(3).valueOf()) : bnd[3];
    var ops = "q 1 g ";
    var labelled = byPage[key2];
    for (var m = 0; m < labelled.length; m++) {
      var lb = labelled[m];
      if (!lb.size) continue;
      var r = lb.rect;
      var x = left + r[0] + 1;
      var y = top - r[3] + ((r[3] - r[1]) - lb.size) / 2 + lb.size * 0.12;
      ops += "BT /GkLabel " + lb.size + " Tf " + r2(x) + " " + r2(y) + " Td <" + hex4(lb.label) + "> Tj ET ";
    }
    ops += "Q";
    addFontTo(doc, pageObj, font);
    appendContent(doc, pageObj, ops);
  }
  if (spec.legend && spec.legend.length) {
    var first = doc.loadPage(0).bound();
    var w = first[2] - first[0], h = first[3] - first[1];
    if (w > h) { var t = w; w = h; h = t; }
    var perPage = Math.max(1, Math.floor((h - 144) / 16));
    for (var s = 0; s < spec.legend.length; s += perPage) {
      var lines = spec.legend.slice(s, s + perPage);
      var txt = "BT /GkLabel 10.5 Tf 16 TL 72 " + r2(h - 72) + " Td ";
      for (var li = 0; li < lines.length; li++) txt += "<" + hex4(lines[li]) + "> Tj T* ";
      txt += "ET";
      var res = doc.addObject({ Font: { GkLabel: font } });
      var buf = new Buffer(); buf.writeLine(txt);
      doc.insertPage(-1, doc.addPage([0, 0, w, h], 0, res, buf));
    }
  }
  doc.save(outPath, "garbage=2,compress");
  // The result read back at once (the caller checks that nothing removed is left and nothing else lost).
  read(outPath);
}
function scan(imgPath, outPath, w, h, ocr) {
  var doc = new PDFDocument();
  var img = new Image(imgPath);
  // "fit": an A4-wide page in the image's proportions (a photo or scan uploaded as an image).
  if (w === "fit") { w = 595; h = r2(595 * img.getHeight() / img.getWidth()); }
  var res = doc.addObject({ XObject: { Im0: doc.addImage(img) }, Font: { F1: doc.addSimpleFont(new Font("Helvetica"), "Latin") } });
  var c = new Buffer(); c.writeLine("q " + w + " 0 0 " + h + " 0 0 cm /Im0 Do Q");
  // An OCR layer as scanners write it: invisible text (render mode 3) over the image.
  if (ocr) c.writeLine("BT 3 Tr /F1 12 Tf 72 " + (Number(h) - 100) + " Td (" + ocr + ") Tj ET");
  doc.insertPage(-1, doc.addPage([0, 0, Number(w), Number(h)], 0, res, c));
  doc.save(outPath);
}
var cmd = scriptArgs[0];
if (cmd === "read") read(scriptArgs[1]);
else if (cmd === "apply") apply(scriptArgs[1], scriptArgs[2], scriptArgs[3]);
else if (cmd === "scan") scan(scriptArgs[1], scriptArgs[2], scriptArgs[3], scriptArgs[4], scriptArgs[5]);
else fail("usage");
`;
