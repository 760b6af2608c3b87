import type { NewOrganization } from "./schema/organizations.ts";

/**
 * The organizations whose support to SSTC the overview measures. Seeded on migrate (upsert by id),
 * so edits here reach existing databases on the next start. IATI ids: IATI registry / SOURCES.md.
 */
export const ORGANIZATIONS: NewOrganization[] = [
  { id: "desa", acronym: "DESA", name: "Department of Economic and Social Affairs", kind: "secretariat", homepage: "https://www.un.org/en/desa" },
  { id: "unctad", acronym: "UNCTAD", name: "United Nations Conference on Trade and Development", kind: "secretariat", homepage: "https://unctad.org" },
  { id: "ohrlls", acronym: "OHRLLS", name: "Office of the High Representative for the Least Developed Countries, Landlocked Developing Countries and Small Island Developing States", kind: "secretariat", homepage: "https://www.un.org/ohrlls" },
  { id: "eca", acronym: "ECA", name: "Economic Commission for Africa", kind: "regional-commission", homepage: "https://www.uneca.org" },
  { id: "ece", acronym: "ECE", name: "Economic Commission for Europe", kind: "regional-commission", homepage: "https://unece.org" },
  { id: "eclac", acronym: "ECLAC", name: "Economic Commission for Latin America and the Caribbean", kind: "regional-commission", homepage: "https://www.cepal.org" },
  { id: "escap", acronym: "ESCAP", name: "Economic and Social Commission for Asia and the Pacific", kind: "regional-commission", homepage: "https://www.unescap.org" },
  { id: "escwa", acronym: "ESCWA", name: "Economic and Social Commission for Western Asia", kind: "regional-commission", homepage: "https://www.unescwa.org" },
  { id: "undp", acronym: "UNDP", name: "United Nations Development Programme", kind: "fund-programme", homepage: "https://www.undp.org", iatiId: "XM-DAC-41114" },
  { id: "unossc", acronym: "UNOSSC", name: "United Nations Office for South-South Cooperation", kind: "fund-programme", homepage: "https://unsouthsouth.org", parentId: "undp" },
  { id: "unfpa", acronym: "UNFPA", name: "United Nations Population Fund", kind: "fund-programme", homepage: "https://www.unfpa.org", iatiId: "XM-DAC-41119" },
  { id: "unicef", acronym: "UNICEF", name: "United Nations Children's Fund", kind: "fund-programme", homepage: "https://www.unicef.org", iatiId: "XM-DAC-41122" },
  { id: "wfp", acronym: "WFP", name: "World Food Programme", kind: "fund-programme", homepage: "https://www.wfp.org", iatiId: "XM-DAC-41140" },
  { id: "fao", acronym: "FAO", name: "Food and Agriculture Organization of the United Nations", kind: "specialized-agency", homepage: "https://www.fao.org", iatiId: "XM-DAC-41301" },
  { id: "ifad", acronym: "IFAD", name: "International Fund for Agricultural Development", kind: "specialized-agency", homepage: "https://www.ifad.org", iatiId: "XM-DAC-41108" },
  { id: "ilo", acronym: "ILO", name: "International Labour Organization", kind: "specialized-agency", homepage: "https://www.ilo.org", iatiId: "XM-DAC-41302" },
  { id: "unido", acronym: "UNIDO", name: "United Nations Industrial Development Organization", kind: "specialized-agency", homepage: "https://www.unido.org", iatiId: "XM-DAC-41123" },
  { id: "unesco", acronym: "UNESCO", name: "United Nations Educational, Scientific and Cultural Organization", kind: "specialized-agency", homepage: "https://www.unesco.org", iatiId: "XM-DAC-41304" },
  { id: "who", acronym: "WHO", name: "World Health Organization", kind: "specialized-agency", homepage: "https://www.who.int", iatiId: "XM-DAC-928" },
  { id: "unep", acronym: "UNEP", name: "United Nations Environment Programme", kind: "fund-programme", homepage: "https://www.unep.org", iatiId: "XM-DAC-41116" },
  { id: "un-habitat", acronym: "UN-Habitat", name: "United Nations Human Settlements Programme", kind: "fund-programme", homepage: "https://unhabitat.org", iatiId: "XM-DAC-41120" },
  { id: "itc", acronym: "ITC", name: "International Trade Centre", kind: "fund-programme", homepage: "https://intracen.org", iatiId: "XM-DAC-41117" },
  { id: "jiu", acronym: "JIU", name: "Joint Inspection Unit of the United Nations system", kind: "other", homepage: "https://www.unjiu.org" },
  { id: "worldbank", acronym: "WBG", name: "World Bank (IBRD/IDA)", kind: "development-bank", homepage: "https://www.worldbank.org", iatiId: "44000" },
  { id: "afdb", acronym: "AfDB", name: "African Development Bank", kind: "development-bank", homepage: "https://www.afdb.org", iatiId: "46002" },
  { id: "adb", acronym: "ADB", name: "Asian Development Bank", kind: "development-bank", homepage: "https://www.adb.org", iatiId: "46004" },
  { id: "idb", acronym: "IDB", name: "Inter-American Development Bank", kind: "development-bank", homepage: "https://www.iadb.org", iatiId: "XI-IATI-IADB" },
  { id: "isdb", acronym: "IsDB", name: "Islamic Development Bank", kind: "development-bank", homepage: "https://www.isdb.org" },
  { id: "caf", acronym: "CAF", name: "CAF – Development Bank of Latin America and the Caribbean", kind: "development-bank", homepage: "https://www.caf.com" },
  { id: "aiib", acronym: "AIIB", name: "Asian Infrastructure Investment Bank", kind: "development-bank", homepage: "https://www.aiib.org" },
  { id: "ndb", acronym: "NDB", name: "New Development Bank", kind: "development-bank", homepage: "https://www.ndb.int" },
];
