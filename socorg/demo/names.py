"""Generators of plausible Chinese names, ID numbers, phones and addresses (pure, seeded).

Every function takes a ``random.Random`` so the demo and scale data are reproducible. The
people are invented: names are drawn from common surnames and given-name characters, ID
numbers are well-formed (GB 11643 check digit) but made up.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from socorg.registry.rules.idcard import id_check_char

# Common surnames, the frequent ones repeated so they come up more often (Hubei-flavoured).
SURNAMES = (
    "王王王李李李张张张刘刘刘陈陈陈杨杨黄黄赵赵吴吴周周徐徐孙马朱胡胡郭何高林罗郑梁谢宋唐许"
    "韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏夏韦付方"
    "白邹孟熊熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万万钱严覃武戴莫孔向汤涂喻童柯舒祝雷聂"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌辉鹏宇浩凯健俊峰琳婷雪"
    "慧颖晶丹蕾琴云梅莉燕倩佳欣怡思雨晨阳帆博睿泽宏志海波林亮松成武汉楚德荣春秋冬新永福寿立"
    "正兴振中昌庆清诚翠凤珍琼蓉晓丰友安宁远航菲露瑶琪嘉怡子涵梓萱一诺浩然俊杰"
)

# Birthplaces for ID numbers: mostly Wuhan districts, some elsewhere in Hubei.
ID_REGIONS = (
    ("420106", 30),  # 武昌区
    ("420111", 10),  # 洪山区
    ("420102", 6),  # 江岸区
    ("420103", 5),  # 江汉区
    ("420104", 4),  # 硚口区
    ("420105", 4),  # 汉阳区
    ("420107", 4),  # 青山区
    ("420115", 3),  # 江夏区
    ("420116", 3),  # 黄陂区
    ("420117", 2),  # 新洲区
    ("421102", 3),  # 黄冈 黄州区
    ("420902", 3),  # 孝感 孝南区
    ("421003", 2),  # 荆州 荆州区
    ("420502", 2),  # 宜昌 西陵区
    ("420602", 2),  # 襄阳 襄城区
    ("429004", 2),  # 仙桃市
)


def weighted(rng: random.Random, items: Sequence[tuple[str, int]]) -> str:
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


def person_name(rng: random.Random) -> str:
    """A common-looking Chinese name: surname plus one or two given-name characters."""
    given = rng.choice(GIVEN)
    if rng.random() < 0.6:
        given += rng.choice(GIVEN)
    return rng.choice(SURNAMES) + given


def id_number(
    rng: random.Random, *, born_from: int = 1950, born_to: int = 1996, region: str | None = None
) -> str:
    """A well-formed 18-digit ID number (valid birth date and GB 11643 check digit)."""
    region = region or weighted(rng, ID_REGIONS)
    birth = dt.date(born_from, 1, 1) + dt.timedelta(
        days=rng.randrange((dt.date(born_to, 12, 31) - dt.date(born_from, 1, 1)).days)
    )
    first17 = f"{region}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_check_char(first17)


def mobile(rng: random.Random) -> str:
    return rng.choice(("130", "133", "135", "136", "138", "139", "150", "155", "158", "186")) + (
        f"{rng.randrange(10**8):08d}"
    )


def landline(rng: random.Random) -> str:
    return f"027-8{rng.randrange(10**7):07d}"


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A day in [start, end]; later days are more likely when ``start`` is far back."""
    span = (end - start).days
    return start + dt.timedelta(days=int(span * rng.random() ** 0.7))


# --- 武昌区: communities, roads -------------------------------------------------------------

# Community name stems per street (统计用区划代码 street code → stems, "社区" is appended).
# Invented but in the style of the district; the first is usually the street's namesake.
# 147 in all, as many as the district's 社区居委会 the demo assumes.
WUCHANG_COMMUNITIES: dict[str, tuple[str, ...]] = {
    "420106001": (
        "积玉桥",
        "和平",
        "临江",
        "沙湖",
        "新河",
        "欢乐",
        "江滩",
        "长江",
        "万达",
        "滨江苑",
        "建安",
    ),
    "420106002": (
        "杨园",
        "铁机",
        "新生",
        "四美塘",
        "何家垅",
        "南华",
        "杨园南",
        "铁四院",
        "东方雅园",
        "常青",
        "徐东路",
    ),
    "420106003": (
        "徐家棚",
        "徐东",
        "秦园",
        "三角路",
        "才林",
        "余家头",
        "平安",
        "团结",
        "翠园",
        "友谊",
        "地质",
    ),
    "420106005": (
        "粮道",
        "昙华林",
        "胭脂路",
        "花园山",
        "得胜桥",
        "候补街",
        "三道街",
        "玉带",
        "芝麻岭",
        "戈甲营",
    ),
    "420106006": (
        "中华路",
        "大成路",
        "司门口",
        "长街",
        "解放路",
        "民主路",
        "黄鹂",
        "筷子街",
        "青石",
        "汉阳门",
    ),
    "420106007": (
        "黄鹤楼",
        "蛇山",
        "张之洞",
        "彭刘杨",
        "武昌路",
        "紫金",
        "阅马场",
        "后长街",
        "红楼",
        "白鹭",
    ),
    "420106008": (
        "紫阳",
        "紫阳湖",
        "大东门",
        "武锅",
        "首义园",
        "起义门",
        "宏福",
        "保安门",
        "文华",
        "中和",
        "晒湖",
    ),
    "420106009": (
        "白沙洲",
        "武泰闸",
        "烽火",
        "长港",
        "新城",
        "江南",
        "渡口",
        "武车",
        "丰宜",
        "南浦",
        "长江紫都",
    ),
    "420106010": (
        "首义路",
        "复兴",
        "读书院",
        "中山路",
        "武珞路",
        "大都市",
        "兴华",
        "棋盘街",
        "宝安",
        "都府堤",
    ),
    "420106011": (
        "中南",
        "中北",
        "公正路",
        "洪山路",
        "东亚",
        "梅苑",
        "福星",
        "省直",
        "姚家岭",
        "傅家坡",
    ),
    "420106012": (
        "水果湖",
        "东亭",
        "滨湖",
        "张家湾",
        "放鹰台",
        "八一路",
        "省府",
        "湖光",
        "东湖路",
        "茶港",
        "翠柳",
    ),
    "420106013": (
        "珞珈山",
        "东湖南路",
        "珞南",
        "街道口",
        "武大",
        "楚天",
        "小洪山",
        "珞狮",
        "劝业场",
        "凌波门",
    ),
    "420106014": (
        "石洞",
        "石牌岭",
        "丁字桥",
        "螃蟹岬",
        "余家湾",
        "车辆厂",
        "武重",
        "宏图",
        "绿景",
        "三眼桥",
    ),
    "420106015": (
        "南湖",
        "南湖山庄",
        "宁松",
        "松竹",
        "宁湖",
        "丽岛",
        "中央花园",
        "南湖花园",
        "保利",
        "华锦",
        "都市桃源",
    ),
}

# Roads per street, for domiciles ("武昌区中山路307号").
WUCHANG_ROADS: dict[str, tuple[str, ...]] = {
    "420106001": ("和平大道", "临江大道", "积玉桥街", "沙湖路"),
    "420106002": ("杨园路", "和平大道", "铁机路", "徐东大街"),
    "420106003": ("徐东大街", "秦园路", "三角路", "友谊大道"),
    "420106005": ("粮道街", "昙华林", "胭脂路", "得胜桥"),
    "420106006": ("中华路", "解放路", "民主路", "大成路"),
    "420106007": ("武昌路", "解放路", "彭刘杨路", "张之洞路"),
    "420106008": ("紫阳路", "张之洞路", "复兴路", "大东门路"),
    "420106009": ("白沙洲大道", "武泰闸路", "烽火路", "八坦路"),
    "420106010": ("首义路", "中山路", "复兴路", "武珞路"),
    "420106011": ("中南路", "中北路", "公正路", "武珞路"),
    "420106012": ("东湖路", "中北路", "八一路", "水果湖横路"),
    "420106013": ("珞珈山路", "八一路", "东湖南路", "珞狮路"),
    "420106014": ("石牌岭路", "中山路", "丁字桥路", "武昌大道"),
    "420106015": ("南湖路", "雄楚大道", "丁字桥南路", "宝通寺路"),
}


def wuchang_domicile(rng: random.Random, street_code: str) -> str:
    road = rng.choice(WUCHANG_ROADS.get(street_code, ("中山路",)))
    number = rng.randrange(1, 400)
    if rng.random() < 0.2:
        return f"武昌区{road}{number}-{rng.randint(1, 9)}号"
    return f"武昌区{road}{number}号"


# --- Organization names --------------------------------------------------------------------


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Brand-like stems for registered organizations ("武昌区阳光社会工作服务中心").
STEMS = words(
    "阳光 晨曦 和谐 爱心 启明 博雅 乐龄 康乐 悦享 同心 善行 益友 星火 新航 东湖 长江 楚天 黄鹤 "
    "首义 昙华 梅园 南湖 沙湖 晴川 知音 红枫 金桥 启航 博文 睿思 乐学 思源 英才 育才 明德 致远 "
    "青藤 绿荫 彩虹 朝阳 银龄 福寿 康寿 颐康 颐和 安心 暖阳 春晖 馨家 友邻 众合 汇智 同行 共享 "
    "仁爱 德馨 惠民 乐邻 睦邻 安康 向阳 蓝天 绿洲 春雨 润泽 心桥 心语 童心 童乐 小树 新苗 未来 "
    "翰林 书香 墨香 雅韵 楚韵 琴韵 弘毅 自强 力行 恒心 立德 笃行 行知 知行 伯牙 子期 荆楚 江城 "
    "大江 长虹 紫阳 珞珈 宝通 武珞 中南 白鹭 凤凰 百合 蒲公英 向日葵 四叶草 满天星 红梅 青松 "
    "益家 善缘 博爱 慈航 乐善 至善 助人 携手 相伴 守望 温馨 和美 美好 悦心 怡心 乐活 康馨"
)

# Stems that name places in Wuhan; the scale generator leaves them out elsewhere in the country.
WUHAN_STEMS = frozenset(
    words(
        "东湖 长江 楚天 黄鹤 首义 昙华 梅园 南湖 沙湖 晴川 知音 荆楚 江城 伯牙 子期 紫阳 珞珈 宝通 武珞 "
        "中南 楚韵 大江"
    )
)
GENERIC_STEMS = tuple(s for s in STEMS if s not in WUHAN_STEMS)

# Registered kinds: (name tail, type, domains, supervisory unit key or "" for direct, weight).
# Supervisory unit keys match SUPERVISORY_UNITS in socorg.demo.wuchang.
SOCIAL_SERVICE_KINDS: tuple[tuple[str, tuple[str, ...], str, int], ...] = (
    ("培训学校", ("education",), "edu", 60),
    ("艺术培训学校", ("education", "culture"), "edu", 20),
    ("职业技能培训学校", ("education",), "hr", 25),
    ("幼儿园", ("education", "women_children"), "edu", 40),
    ("社会工作服务中心", ("community_service",), "", 14),
    ("社区服务中心", ("community_service",), "", 5),
    ("公益服务中心", ("charity",), "", 7),
    ("养老服务中心", ("elderly",), "health", 22),
    ("居家养老服务中心", ("elderly",), "health", 16),
    ("老年公寓", ("elderly",), "health", 6),
    ("康复中心", ("disability", "health"), "disabled", 8),
    ("残疾人托养中心", ("disability",), "disabled", 6),
    ("文化艺术中心", ("culture",), "culture", 14),
    ("文化传播中心", ("culture",), "culture", 6),
    ("博物馆", ("culture",), "culture", 3),
    ("体育俱乐部", ("sports",), "sports", 8),
    ("篮球俱乐部", ("sports",), "sports", 4),
    ("游泳俱乐部", ("sports",), "sports", 3),
    ("围棋俱乐部", ("sports", "culture"), "sports", 3),
    ("调解中心", ("legal",), "justice", 8),
    ("法律服务中心", ("legal", "rights"), "justice", 4),
    ("心理咨询服务中心", ("health",), "health", 6),
    ("门诊部", ("health",), "health", 8),
    ("青少年服务中心", ("women_children", "education"), "youth", 8),
    ("家庭服务中心", ("women_children",), "women", 6),
    ("妇女儿童服务中心", ("women_children",), "women", 4),
    ("科普服务中心", ("science",), "science", 5),
    ("科技创新服务中心", ("science",), "science", 3),
    ("志愿服务中心", ("volunteer",), "youth", 5),
    ("电梯加装服务中心", ("community_service", "community_affairs"), "", 1),
)

# Social groups: "武汉市武昌区{subject}协会" and the like; (name, domains, unit key).
SOCIAL_GROUP_NAMES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("书法家协会", ("culture",), "culture"),
    ("美术家协会", ("culture",), "culture"),
    ("摄影家协会", ("culture",), "culture"),
    ("音乐家协会", ("culture",), "culture"),
    ("舞蹈家协会", ("culture",), "culture"),
    ("作家协会", ("culture",), "culture"),
    ("楹联学会", ("culture",), "culture"),
    ("诗词学会", ("culture",), "culture"),
    ("收藏家协会", ("culture",), "culture"),
    ("楚剧艺术研究会", ("culture",), "culture"),
    ("汉剧票友协会", ("culture",), "culture"),
    ("首义文化研究会", ("culture",), "culture"),
    ("辛亥革命史研究会", ("culture",), "culture"),
    ("老年人体育协会", ("sports", "elderly"), "sports"),
    ("篮球协会", ("sports",), "sports"),
    ("足球协会", ("sports",), "sports"),
    ("乒乓球协会", ("sports",), "sports"),
    ("羽毛球协会", ("sports",), "sports"),
    ("围棋协会", ("sports",), "sports"),
    ("象棋协会", ("sports",), "sports"),
    ("游泳协会", ("sports",), "sports"),
    ("健身气功协会", ("sports",), "sports"),
    ("太极拳协会", ("sports",), "sports"),
    ("登山户外运动协会", ("sports",), "sports"),
    ("钓鱼协会", ("sports",), "sports"),
    ("门球协会", ("sports", "elderly"), "sports"),
    ("社会工作协会", ("community_service",), ""),
    ("青年志愿者协会", ("volunteer",), "youth"),
    ("慈善协会", ("charity",), ""),
    ("家庭教育研究会", ("education", "women_children"), "women"),
    ("民办教育协会", ("education",), "edu"),
    ("社区教育协会", ("education",), "edu"),
    ("退休教师协会", ("education", "elderly"), "edu"),
    ("科普作家协会", ("science",), "science"),
    ("老科技工作者协会", ("science", "elderly"), "science"),
    ("计算机学会", ("science",), "science"),
    ("护理学会", ("health",), "health"),
    ("医师协会", ("health",), "health"),
    ("养生保健协会", ("health",), "health"),
    ("心理卫生协会", ("health",), "health"),
    ("养老服务协会", ("elderly",), "health"),
    ("残疾人文化体育协会", ("disability", "culture"), "disabled"),
    ("盲人协会", ("disability",), "disabled"),
    ("聋人协会", ("disability",), "disabled"),
    ("人民调解协会", ("legal",), "justice"),
    ("法学会", ("legal", "rights"), "justice"),
    ("消费者权益保护协会", ("rights",), "commerce"),
    ("个体劳动者协会", ("trade_association",), "commerce"),
    ("私营企业协会", ("trade_association",), "chamber"),
    ("餐饮行业协会", ("trade_association",), "commerce"),
    ("物业管理协会", ("trade_association", "community_affairs"), "commerce"),
    ("电子商务协会", ("trade_association",), "commerce"),
    ("家政服务行业协会", ("trade_association",), "commerce"),
    ("人力资源服务协会", ("trade_association",), "hr"),
    ("民营经济促进会", ("trade_association",), "chamber"),
    ("女企业家协会", ("trade_association", "women_children"), "women"),
    ("青年企业家协会", ("trade_association",), "youth"),
    ("浙江商会", ("trade_association",), "chamber"),
    ("温州商会", ("trade_association",), "chamber"),
    ("福建商会", ("trade_association",), "chamber"),
    ("湖南商会", ("trade_association",), "chamber"),
    ("江西商会", ("trade_association",), "chamber"),
    ("河南商会", ("trade_association",), "chamber"),
    ("安徽商会", ("trade_association",), "chamber"),
    ("孝感商会", ("trade_association",), "chamber"),
    ("黄冈商会", ("trade_association",), "chamber"),
    ("仙桃商会", ("trade_association",), "chamber"),
    ("潜江商会", ("trade_association",), "chamber"),
    ("四川商会", ("trade_association",), "chamber"),
    ("重庆商会", ("trade_association",), "chamber"),
    ("广东商会", ("trade_association",), "chamber"),
    ("江苏商会", ("trade_association",), "chamber"),
    ("山东商会", ("trade_association",), "chamber"),
    ("老年大学校友会", ("education", "elderly"), "edu"),
    ("集邮协会", ("culture",), "culture"),
    ("花鸟协会", ("culture",), "culture"),
    ("风筝协会", ("culture", "sports"), "sports"),
    ("龙舟协会", ("sports",), "sports"),
    ("舞龙舞狮协会", ("sports", "culture"), "sports"),
    ("武术协会", ("sports",), "sports"),
    ("棋牌协会", ("sports",), "sports"),
    ("健美操协会", ("sports",), "sports"),
    ("环境保护协会", ("other",), "science"),
    ("安全生产协会", ("other",), "commerce"),
    ("动物保护协会", ("other", "charity"), ""),
    ("红十字志愿者协会", ("volunteer", "health"), "health"),
    ("茶文化协会", ("culture",), "culture"),
    ("汉绣协会", ("culture",), "culture"),
    ("民间文艺家协会", ("culture",), "culture"),
    ("曲艺家协会", ("culture",), "culture"),
    ("朗诵艺术协会", ("culture",), "culture"),
    ("口琴协会", ("culture",), "culture"),
    ("手风琴协会", ("culture",), "culture"),
    ("合唱协会", ("culture",), "culture"),
    ("交谊舞协会", ("culture", "sports"), "sports"),
    ("航模协会", ("sports", "science"), "sports"),
    ("无线电运动协会", ("sports",), "sports"),
    ("自行车运动协会", ("sports",), "sports"),
    ("跆拳道协会", ("sports",), "sports"),
    ("网球协会", ("sports",), "sports"),
    ("台球协会", ("sports",), "sports"),
    ("桥牌协会", ("sports",), "sports"),
    ("轮滑协会", ("sports",), "sports"),
    ("瑜伽协会", ("sports", "health"), "sports"),
    ("物流行业协会", ("trade_association",), "commerce"),
    ("建筑装饰协会", ("trade_association",), "commerce"),
    ("美容美发行业协会", ("trade_association",), "commerce"),
    ("珠宝玉石协会", ("trade_association",), "commerce"),
    ("茶叶行业协会", ("trade_association",), "commerce"),
    ("汽车服务行业协会", ("trade_association",), "commerce"),
    ("软件行业协会", ("trade_association", "science"), "science"),
    ("文化创意产业协会", ("trade_association", "culture"), "culture"),
    ("养老产业促进会", ("trade_association", "elderly"), "health"),
    ("妇女儿童发展促进会", ("women_children",), "women"),
    ("青少年科技教育协会", ("science", "education"), "science"),
    ("应急救援志愿者协会", ("volunteer",), ""),
)

# Community social organizations: (name tail, domains, weight). Culture, sports and education
# dominate, as the 2024 report says of the district (问题（二）).
COMMUNITY_KINDS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("夕阳红舞蹈队", ("culture", "elderly"), 10),
    ("合唱团", ("culture",), 10),
    ("书画社", ("culture",), 9),
    ("广场舞队", ("culture", "sports"), 10),
    ("腰鼓队", ("culture",), 6),
    ("京剧票友社", ("culture",), 5),
    ("楚剧爱好者协会", ("culture",), 4),
    ("摄影社", ("culture",), 5),
    ("民乐队", ("culture",), 4),
    ("旗袍秀队", ("culture",), 4),
    ("文艺宣传队", ("culture",), 7),
    ("诗词社", ("culture",), 3),
    ("剪纸社", ("culture",), 3),
    ("太极拳队", ("sports",), 9),
    ("乒乓球队", ("sports",), 7),
    ("健身操队", ("sports",), 8),
    ("门球队", ("sports", "elderly"), 4),
    ("柔力球队", ("sports",), 5),
    ("健步走队", ("sports",), 6),
    ("象棋队", ("sports",), 5),
    ("羽毛球队", ("sports",), 4),
    ("八段锦队", ("sports", "health"), 4),
    ("读书会", ("education",), 7),
    ("四点半课堂", ("education", "women_children"), 6),
    ("家长学堂", ("education", "women_children"), 4),
    ("老年课堂", ("education", "elderly"), 4),
    ("科普小组", ("education", "science"), 3),
    ("国学堂", ("education", "culture"), 3),
    ("助老服务队", ("elderly",), 4),
    ("银龄互助队", ("elderly", "mutual_aid"), 3),
    ("邻里互助会", ("mutual_aid",), 4),
    ("巧手编织社", ("mutual_aid",), 2),
    ("爱心义剪队", ("mutual_aid", "volunteer"), 2),
    ("家电义修队", ("mutual_aid", "volunteer"), 2),
    ("志愿服务队", ("volunteer",), 5),
    ("环保志愿队", ("volunteer",), 2),
    ("垃圾分类宣传队", ("volunteer", "community_affairs"), 2),
    ("平安巡逻队", ("community_affairs",), 3),
    ("楼道美化小组", ("community_affairs",), 1),
    ("助残志愿队", ("disability", "volunteer"), 2),
    ("巾帼志愿队", ("women_children", "volunteer"), 2),
    ("妈妈互助会", ("women_children", "mutual_aid"), 1),
    ("健康宣讲队", ("health",), 2),
    ("心理关爱小组", ("health",), 1),
    ("邻里调解队", ("legal", "community_affairs"), 2),
    ("法律明白人服务队", ("legal", "rights"), 1),
    ("爱心帮扶队", ("charity",), 2),
    ("微心愿服务队", ("charity", "volunteer"), 1),
)


def sample_weighted_distinct(
    rng: random.Random, items: Sequence[tuple[object, int]], k: int
) -> list[object]:
    """``k`` distinct items, each drawn with probability proportional to its weight."""
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, (_, w) in enumerate(items)), reverse=True)
    return [items[i][0] for _, i in keyed[:k]]


@dataclass(frozen=True)
class NamePlan:
    """A unique-name permutation: index ``k`` → the ``k``-th distinct (stem, tail) pair."""

    stems: int
    tails: int

    @property
    def size(self) -> int:
        return self.stems * self.tails

    @cached_property
    def stride(self) -> int:
        stride = 7919  # a prime; moved on until it is coprime with the size
        while _gcd(stride, self.size) != 1:
            stride += 2
        return stride

    def pair(self, k: int, offset: int = 0) -> tuple[int, int]:
        """A bijection of [0, size) (a stride coprime with size), so names never repeat."""
        n = (k * self.stride + offset) % self.size
        return n % self.stems, n // self.stems


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a
