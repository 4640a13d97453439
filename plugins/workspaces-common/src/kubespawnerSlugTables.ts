// Generated from Python's html.entities, text-unidecode 1.3 and Unidecode 1.3.6 (see
// kubespawnerSlug.ts); regenerate rather than edit.

/** Python's `html.entities.name2codepoint` (the HTML 4 entities), as `name code` pairs. */
export const HTML4_ENTITIES = [
  'AElig 198 Aacute 193 Acirc 194 Agrave 192 Alpha 913 Aring 197',
  'Atilde 195 Auml 196 Beta 914 Ccedil 199 Chi 935 Dagger 8225 Delta 916',
  'ETH 208 Eacute 201 Ecirc 202 Egrave 200 Epsilon 917 Eta 919 Euml 203',
  'Gamma 915 Iacute 205 Icirc 206 Igrave 204 Iota 921 Iuml 207 Kappa 922',
  'Lambda 923 Mu 924 Ntilde 209 Nu 925 OElig 338 Oacute 211 Ocirc 212',
  'Ograve 210 Omega 937 Omicron 927 Oslash 216 Otilde 213 Ouml 214',
  'Phi 934 Pi 928 Prime 8243 Psi 936 Rho 929 Scaron 352 Sigma 931',
  'THORN 222 Tau 932 Theta 920 Uacute 218 Ucirc 219 Ugrave 217',
  'Upsilon 933 Uuml 220 Xi 926 Yacute 221 Yuml 376 Zeta 918 aacute 225',
  'acirc 226 acute 180 aelig 230 agrave 224 alefsym 8501 alpha 945 amp 38',
  'and 8743 ang 8736 aring 229 asymp 8776 atilde 227 auml 228 bdquo 8222',
  'beta 946 brvbar 166 bull 8226 cap 8745 ccedil 231 cedil 184 cent 162',
  'chi 967 circ 710 clubs 9827 cong 8773 copy 169 crarr 8629 cup 8746',
  'curren 164 dArr 8659 dagger 8224 darr 8595 deg 176 delta 948',
  'diams 9830 divide 247 eacute 233 ecirc 234 egrave 232 empty 8709',
  'emsp 8195 ensp 8194 epsilon 949 equiv 8801 eta 951 eth 240 euml 235',
  'euro 8364 exist 8707 fnof 402 forall 8704 frac12 189 frac14 188',
  'frac34 190 frasl 8260 gamma 947 ge 8805 gt 62 hArr 8660 harr 8596',
  'hearts 9829 hellip 8230 iacute 237 icirc 238 iexcl 161 igrave 236',
  'image 8465 infin 8734 int 8747 iota 953 iquest 191 isin 8712 iuml 239',
  'kappa 954 lArr 8656 lambda 955 lang 9001 laquo 171 larr 8592',
  'lceil 8968 ldquo 8220 le 8804 lfloor 8970 lowast 8727 loz 9674',
  'lrm 8206 lsaquo 8249 lsquo 8216 lt 60 macr 175 mdash 8212 micro 181',
  'middot 183 minus 8722 mu 956 nabla 8711 nbsp 160 ndash 8211 ne 8800',
  'ni 8715 not 172 notin 8713 nsub 8836 ntilde 241 nu 957 oacute 243',
  'ocirc 244 oelig 339 ograve 242 oline 8254 omega 969 omicron 959',
  'oplus 8853 or 8744 ordf 170 ordm 186 oslash 248 otilde 245 otimes 8855',
  'ouml 246 para 182 part 8706 permil 8240 perp 8869 phi 966 pi 960',
  'piv 982 plusmn 177 pound 163 prime 8242 prod 8719 prop 8733 psi 968',
  'quot 34 rArr 8658 radic 8730 rang 9002 raquo 187 rarr 8594 rceil 8969',
  'rdquo 8221 real 8476 reg 174 rfloor 8971 rho 961 rlm 8207 rsaquo 8250',
  'rsquo 8217 sbquo 8218 scaron 353 sdot 8901 sect 167 shy 173 sigma 963',
  'sigmaf 962 sim 8764 spades 9824 sub 8834 sube 8838 sum 8721 sup 8835',
  'sup1 185 sup2 178 sup3 179 supe 8839 szlig 223 tau 964 there4 8756',
  'theta 952 thetasym 977 thinsp 8201 thorn 254 tilde 732 times 215',
  'trade 8482 uArr 8657 uacute 250 uarr 8593 ucirc 251 ugrave 249 uml 168',
  'upsih 978 upsilon 965 uuml 252 weierp 8472 xi 958 yacute 253 yen 165',
  'yuml 255 zeta 950 zwj 8205 zwnj 8204',
].join(' ');

/**
 * How text-unidecode 1.3 transliterates the characters left after NFKD, in rows of 32 code
 * points from the row's first, separated by `|`. Kept to what a slug is made of: letters,
 * digits and the characters python-slugify's patterns read (' & # ; ,); any other character
 * is a separator, written `-`. `~` marks a character this table does not cover: unassigned,
 * changed by NFKD, or transliterated differently by Unidecode 1.3.6 (which python-slugify
 * prefers when the hub has it installed), so that either hub derives the same slug.
 */
export const TRANSLITERATION_ROWS: Record<number, string> = {
  0x0080: '|||||||||||||||||||||||||||||||',
  0x00a0:
    '~|-|C-|PS|-|Y-|-|SS|~|-c-|~|-|-||-r-|~|deg|-|~|~|~|~|P|-|~|~|~|-|~|~|~|-',
  0x00c0: '~|~|~|~|~|~|AE|~|~|~|~|~|~|~|~|~|D|~|~|~|~|~|~|x|O|~|~|~|~|~|Th|ss',
  0x00e0: '~|~|~|~|~|~|ae|~|~|~|~|~|~|~|~|~|d|~|~|~|~|~|~|-|o|~|~|~|~|~|th|~',
  0x0100: '~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|D|d|~|~|~|~|~|~|~|~|~|~|~|~|~|~',
  0x0120: '~|~|~|~|~|~|H|h|~|~|~|~|~|~|~|~|~|i|~|~|~|~|~|~|k|~|~|~|~|~|~|~',
  0x0140: '~|L|l|~|~|~|~|~|~|~|ng|NG|~|~|~|~|~|~|OE|oe|~|~|~|~|~|~|~|~|~|~|~|~',
  0x0160: '~|~|~|~|~|~|T|t|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~',
  0x0180: 'b|B|B|b|6|6|O|C|c|D|D|D|d|d|3|-|E|F|f|G|G|hv|I|I|K|k|l|l|W|N|n|O',
  0x01a0:
    '~|~|OI|oi|P|p|YR|2|2|SH|sh|t|T|t|T|~|~|Y|V|Y|y|Z|z|ZH|ZH|zh|zh|2|5|5|ts|w',
  0x01c0: '-|-|-|-|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|-|~|~',
  0x01e0: '~|~|~|~|G|g|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|HV|W|~|~|~|~|~|~|~|~',
  0x0200: '~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|Y|y|~|~',
  0x0220: 'N|d|OU|ou|Z|z|~|~|~|~|~|~|~|~|~|~|~|~|~|~|l|n|t|j|db|qp|A|C|c|L|T|s',
  0x0240: 'z|~|~|B|U|-|E|e|J|j|q|q|R|r|Y|y',
  0x0300: '|||||||||||||||||||||||||||||||',
  0x0320: '|||||||||||||||||||||||||||||||',
  0x0340: '~|~||~|~|||||||||||~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~',
  0x0360: '|||a|e|i|o|u|c|d|h|m|r|t|v|x|~|~|~|~|~|,|~|~|~|~|~|~|~|~|~|~',
  0x0380: '~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|A|B|G|D|E|Z|E|Th|I|K|L|M|N|Ks|O',
  0x03a0: 'P|R|~|S|T|U|Ph|Kh|Ps|O|~|~|~|~|~|~|~|a|b|g|d|e|z|e|th|i|k|l|m|n|x|o',
  0x03c0:
    'p|r|s|s|t|u|ph|kh|ps|o|~|~|~|~|~|~|~|~|~|~|~|~|~|&|~|~|St|st|W|w|Q|q',
  0x03e0:
    'Sp|sp|Sh|sh|F|f|Kh|kh|H|h|G|g|CH|ch|Ti|ti|~|~|~|j|~|~|~|~|~|~|~|~|~|~|~|~',
  0x0400:
    '~|~|Dj|~|~|Dz|I|~|J|Lj|Nj|Tsh|~|~|~|Dzh|A|B|V|G|D|E|Zh|Z|I|~|K|L|M|N|O|P',
  0x0420:
    "R|S|T|U|F|Kh|Ts|Ch|Sh|Shch||Y|'|E|Iu|Ia|a|b|v|g|d|e|zh|z|i|~|k|l|m|n|o|p",
  0x0440:
    "r|s|t|u|f|kh|ts|ch|sh|shch||y|'|e|iu|ia|~|~|dj|~|ie|dz|i|~|j|lj|nj|tsh|~|~|~|dzh",
  0x0460:
    'O|o|E|e|Ie|ie|E|e|Ie|ie|O|o|Io|io|Ks|ks|Ps|ps|F|f|Y|y|~|~|u|u|O|o|O|o|Ot|ot',
  0x0480:
    "Q|q|-1000-|||||~|-100-000-|-1-000-000-|~|~|-|-|R'|r'|G'|g'|G'|g'|G'|g'|Zh'|zh'|Z'|z'|K'|k'|K'|k'|K'|k'",
  0x04a0:
    "K'|k'|N'|n'|Ng|ng|P'|p'|Kh|kh|S'|s'|T'|t'|U|u|U'|u'|Kh'|kh'|Tts|tts|Ch'|ch'|Ch'|ch'|H|h|Ch|ch|Ch'|ch'",
  0x04c0:
    "-|~|~|K'|k'|~|~|N'|n'|~|~|Ch|ch|~|~|~|~|~|~|~|Ae|ae|~|~|-|-|~|~|~|~|~|~",
  0x04e0: 'Dz|dz|~|~|~|~|~|~|O|o|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~',
  0x2000: "~|~|~|~|~|~|~|~|~|~|~|-|||||-|~|-|-|-|-|-|~|'|'|,|'|-|-|,,|-",
  0x2020: "-|-|-|-|~|~|~|-|-|-||||||~|-0|-00|'|~|~|-|~|~|-|-|-|-|~|-|~|-",
  0x2040: '-|-|-|-|-|-|-|~|~|~|~|PP|-|-|-|~|~|~|-|-|~|~|~|~|~|~|~|~|~|~|~|~',
  0x2060: '~|~|~|~|~|~|~|~|~|~|||||||~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~',
  0x20a0:
    'ECU|CL|Cr|FF|L|mil|N|Pts|~|W|NS|D|EUR|K|T|Dr|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~',
  0x20c0: '~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~||||||||||||||||',
  0x2100: '~|~|~|~||~|~|~||~|~|~|~|~|~|~|~|~|~|~||~|~|~||~|~|~|~|~||',
  0x2120: '~|~|~||~||~||~||~|~|~|~|~|~|~|~|~|~|~|~|~|~|~|~||~|~|~|~|~',
  0x2180: '-D|D-|-|-|~|~|~|~|~|~|~|~|~|~|~|~|-|-|-|-|-|-|-|-|-|-|~|~|-|-|-|-',
  0x21a0: '-|-|-|-|-|-|-|-|-|-|-|-|-|-|~|-|-|-|-|-|-|-|-|V|-|-|V|-|-|-|-|-',
  0x21c0: '-|-|-|-|-|-|-|-|-|-|-|-|-|~|~|~|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-',
  0x21e0: '-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|~|~|~|~|~|~|~|~|~|~|~|~',
};
