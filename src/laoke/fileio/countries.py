"""Country names (English and Chinese, as found in exporters' files) → ISO 3166-1 alpha-2.

Not a full gazetteer: the markets exporters sell to, plus the names in UCI Online Retail.
Keys are lower case with punctuation folded to single spaces (see ``parsing.country_expr``).
"""

from __future__ import annotations

_NAMES: dict[str, tuple[str, ...]] = {
    "AE": ("united arab emirates", "uae", "阿联酋", "阿拉伯联合酋长国"),
    "AR": ("argentina", "阿根廷"),
    "AT": ("austria", "奥地利"),
    "AU": ("australia", "澳大利亚", "澳洲"),
    "BD": ("bangladesh", "孟加拉", "孟加拉国"),
    "BE": ("belgium", "比利时"),
    "BG": ("bulgaria", "保加利亚"),
    "BH": ("bahrain", "巴林"),
    "BM": ("bermuda", "百慕大"),
    "BR": ("brazil", "巴西"),
    "CA": ("canada", "加拿大"),
    "CH": ("switzerland", "瑞士"),
    "CL": ("chile", "智利"),
    "CN": ("china", "中国", "中国大陆", "prc"),
    "CO": ("colombia", "哥伦比亚"),
    "CY": ("cyprus", "塞浦路斯"),
    "CZ": ("czech republic", "czechia", "捷克"),
    "DE": ("germany", "德国"),
    "DK": ("denmark", "丹麦"),
    "DZ": ("algeria", "阿尔及利亚"),
    "EG": ("egypt", "埃及"),
    "ES": ("spain", "西班牙"),
    "FI": ("finland", "芬兰"),
    "FR": ("france", "法国"),
    "GB": ("united kingdom", "uk", "great britain", "britain", "england", "英国"),
    "GR": ("greece", "希腊"),
    "HK": ("hong kong", "香港", "中国香港"),
    "HR": ("croatia", "克罗地亚"),
    "HU": ("hungary", "匈牙利"),
    "ID": ("indonesia", "印度尼西亚", "印尼"),
    "IE": ("ireland", "eire", "爱尔兰"),
    "IL": ("israel", "以色列"),
    "IN": ("india", "印度"),
    "IR": ("iran", "伊朗"),
    "IS": ("iceland", "冰岛"),
    "IT": ("italy", "意大利"),
    "JP": ("japan", "日本"),
    "KE": ("kenya", "肯尼亚"),
    "KR": ("korea", "south korea", "republic of korea", "韩国"),
    "KW": ("kuwait", "科威特"),
    "KZ": ("kazakhstan", "哈萨克斯坦"),
    "LB": ("lebanon", "黎巴嫩"),
    "LT": ("lithuania", "立陶宛"),
    "LU": ("luxembourg", "卢森堡"),
    "LV": ("latvia", "拉脱维亚"),
    "MA": ("morocco", "摩洛哥"),
    "MT": ("malta", "马耳他"),
    "MX": ("mexico", "墨西哥"),
    "MY": ("malaysia", "马来西亚"),
    "NG": ("nigeria", "尼日利亚"),
    "NL": ("netherlands", "the netherlands", "holland", "荷兰"),
    "NO": ("norway", "挪威"),
    "NZ": ("new zealand", "新西兰"),
    "OM": ("oman", "阿曼"),
    "PE": ("peru", "秘鲁"),
    "PH": ("philippines", "菲律宾"),
    "PK": ("pakistan", "巴基斯坦"),
    "PL": ("poland", "波兰"),
    "PT": ("portugal", "葡萄牙"),
    "QA": ("qatar", "卡塔尔"),
    "RO": ("romania", "罗马尼亚"),
    "RS": ("serbia", "塞尔维亚"),
    "RU": ("russia", "russian federation", "俄罗斯"),
    "SA": ("saudi arabia", "沙特", "沙特阿拉伯"),
    "SE": ("sweden", "瑞典"),
    "SG": ("singapore", "新加坡"),
    "SI": ("slovenia", "斯洛文尼亚"),
    "SK": ("slovakia", "斯洛伐克"),
    "TH": ("thailand", "泰国"),
    "TR": ("turkey", "türkiye", "turkiye", "土耳其"),
    "TW": ("taiwan", "台湾", "中国台湾"),
    "UA": ("ukraine", "乌克兰"),
    "US": ("united states", "usa", "united states of america", "america", "美国"),
    "VN": ("vietnam", "viet nam", "越南"),
    "ZA": ("south africa", "rsa", "南非"),
}

COUNTRY_CODES: dict[str, str] = {name: code for code, names in _NAMES.items() for name in names}


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def country_names() -> dict[str, tuple[str, str]]:
    """Each known ISO code → (English name, Chinese name): the first spelling of each language."""
    names: dict[str, tuple[str, str]] = {}
    for code, spellings in _NAMES.items():
        chinese = [s for s in spellings if _is_chinese(s)]
        local = [s for s in chinese if not s.startswith("中国")] or chinese
        names[code] = (spellings[0].title(), local[0] if local else spellings[0].title())
    return names
