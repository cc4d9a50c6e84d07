"""Indonesian personal names for demo data, by naming tradition.

Each tradition composes names the way its bearers usually write them on a
civil-service record: Javanese and Sundanese given names with a second name,
Batak given names with a marga, Balinese birth-order names, Bugis names with
the occasional ``Andi``, Minang names with an optional suku, Chinese-Indonesian
names with an Indonesianised family name, Arabic-origin names with the
occasional Hadhrami family name, and Minahasa/Maluku names with a fam.
Pure: takes a ``random.Random`` and returns a string.
"""

import random

L = "L"
P = "P"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# name: (weight, male given, female given, male second, female second)
_JAWA = _words(
    "Agus Bambang Budi Joko Sugeng Slamet Eko Dwi Tri Wahyu Hadi Heru Teguh Yudi Bayu Adi "
    "Sigit Gunawan Hendro Puji Rudi Aris Ari Didik Edy Bowo Catur Danang Fajar Galih Gilang "
    "Bagus Rizky Sapto Yoga Wisnu Yanto Tono Sutrisno Haryanto Suparman Sukardi Warsito"
)
_JAWA_F = _words(
    "Siti Sri Dewi Endang Wulan Rini Tuti Ratna Yuni Lestari Sulastri Kartini Ayu Retno "
    "Wahyu Dyah Diah Indah Puji Rahayu Tri Dwi Eko Nanik Sumarni Suryani Wiwik Yuli Anik "
    "Novi Fitri Putri Tyas Ningsih Kurniasih Setyowati Sukarti Winarti Wiji"
)
_JAWA_2 = _words(
    "Setiawan Santoso Prasetyo Wibowo Hidayat Susanto Nugroho Kurniawan Purnomo Saputra "
    "Prabowo Utomo Wijayanto Hartono Raharjo Suryono Widodo Sulistyo Priyanto Hermawan "
    "Cahyono Pamungkas Wicaksono Ardiansyah Firmansyah Kuncoro Triyono Mulyono Supriyadi"
)
_JAWA_2F = _words(
    "Wahyuni Rahayu Lestari Handayani Kusumawati Pratiwi Anggraini Susanti Purwanti "
    "Wulandari Rahmawati Setyaningsih Puspitasari Kurniawati Hartati Sulistyowati "
    "Nurhayati Widyastuti Maharani Permatasari Indrawati Astuti Suryaningsih Utami"
)

_SUNDA = _words(
    "Asep Ujang Dede Cecep Dadang Yayan Iwan Deden Ade Aep Encep Jajang Iman Rahmat Hendra "
    "Dadan Maman Ruslan Yusuf Agus Wawan Engkos Ikin Oman Ayi"
)
_SUNDA_F = _words(
    "Euis Neneng Imas Cucu Eneng Nining Lilis Yuyun Ai Neng Tati Iis Enok Elis Yeni Rina "
    "Dewi Santi Cicih Entin Nenden Resti"
)
_SUNDA_2 = _words(
    "Sunarya Supriatna Permana Gunawan Kusnadi Hermawan Suryana Suganda Sudrajat Hidayat "
    "Mulyana Setiadi Rukmana Somantri Wiguna Kurnia Sopandi Ruhiyat Sumpena Nugraha"
)
_SUNDA_2F = _words(
    "Nurhayati Rosmiati Komalasari Sumiati Rohayati Kurniasih Sukmawati Nurjanah Maryati "
    "Rostika Herlina Juariah Rosita Hayati Cahyati Mulyani Rahmawati Suryani"
)

_BATAK = _words(
    "Parlindungan Tigor Hotma Binsar Togar Martua Sahat Juliper Horas Bonar Marihot Poltak "
    "Daniel Jonathan Hotman Maruli Lamhot Ronald Freddy Edison Saut Partogi Robinson Gomgom"
)
_BATAK_F = _words(
    "Rosmawati Tiurma Nurmaida Rumondang Sondang Lasma Rotua Dame Tiur Hotnida Melda Rosdiana "
    "Lenny Ruth Juniarti Nurhayati Romauli Ertina Mawar Friska"
)
_MARGA = _words(
    "Siregar Simanjuntak Nasution Harahap Sitompul Hutapea Panjaitan Lubis Sinaga Situmorang "
    "Simatupang Pardede Manurung Sihombing Tambunan Hutagalung Silalahi Pasaribu Napitupulu "
    "Damanik Sitorus Simbolon Purba Ginting Tarigan Sembiring Rangkuti Pohan"
)

_MINANG = _words(
    "Rizal Syafrizal Yusrizal Firdaus Zulkifli Afrizal Hendri Erwin Yulfikar Syahrial Asrul "
    "Efrizal Irwan Novrizal Zulfahmi Yendri Jasman Mukhlis Arifin Darmawan Alfian Rahmad"
)
_MINANG_F = _words(
    "Yusnimar Elfi Zuraida Yenni Desmawati Yulinar Rosnelly Nurhasanah Fitriyeni Meri Ernawati "
    "Yusmaniar Nelly Rahmi Silvia Elvina Mardiana Yulia Syafrida Rosmaini"
)
_SUKU = _words("Chaniago Piliang Tanjung Koto Sikumbang Jambak Caniago Melayu Guci Sumagek")

_BUGIS = _words(
    "Muhammad Abdul Syamsul Baharuddin Hasanuddin Arfah Ridwan Amiruddin Jamaluddin Rusdi "
    "Nasrullah Syahrir Akbar Ilham Irfan Syarifuddin Mustari Andri Taufik Haerul"
)
_BUGIS_F = _words(
    "Nurul Sitti Hasnah Nurlina Rahmawati Hasnawati Ramlah Nurhaedah Jumriati Hasmiah "
    "Sitti Rahmah Nurjannah Syamsiah Darmawati Haslinda Nurfadilah Asriani Sumarni"
)
_BUGIS_2 = _words(
    "Mattalatta Palaguna Makkasau Mappiasse Lolo Baso Patongai Mallarangeng Massaile "
    "Pawelloi Arifin Hamzah Syam Said Rasyid Karaeng Daeng Tahir"
)

_BALI_ORDER_L = ("Wayan", "Putu", "Gede", "Made", "Kadek", "Nengah", "Nyoman", "Komang", "Ketut")
_BALI_ORDER_P = ("Wayan", "Putu", "Luh", "Made", "Kadek", "Nengah", "Nyoman", "Komang", "Ketut")
_BALI = _words(
    "Sudarsana Suardana Wirawan Arsana Mahendra Astawa Sukadana Budiarta Artawan Suparta "
    "Darmawan Adnyana Suarjana Widnyana Sudiarta Mertayasa Wiryawan Arimbawa Kariasa"
)
_BALI_F = _words(
    "Ayu Lestari Sri Widiantari Suastini Wahyuni Ariani Sukmawati Puspawati Sariasih Yuliani "
    "Suarni Ratnadi Sudiartini Widyastuti Eka Pratiwi Dewi Anggreni Sriasih Mariani"
)
_BALI_CASTE_L = ("I Gusti Ngurah", "I Gusti Bagus", "Ida Bagus", "Anak Agung Gede", "Cokorda Gede")
_BALI_CASTE_P = ("I Gusti Ayu", "Ida Ayu", "Anak Agung Ayu", "Desak Made", "Cokorda Istri")

_TIONGHOA = _words(
    "Hendra Budi Yohanes Stefanus Felix Kevin Willy Susanto Rudy Hartanto Andreas Yohan "
    "Edward Fransiskus Antonius Gunawan Irwan Liem Teddy Wilson Benny Herman Hendrik"
)
_TIONGHOA_F = _words(
    "Lina Lily Melinda Veronika Yuliana Christine Fransiska Susanti Meiliana Lanny Elisabeth "
    "Stefani Maria Natalia Yenny Wenny Linda Feliciana Agnes Cindy Vivian Monica"
)
_TIONGHOA_2 = _words(
    "Gunawan Halim Wijaya Tanoto Salim Kurniawan Santoso Tanuwijaya Hartono Setiadi Tjahjadi "
    "Sutanto Tjandra Lukito Susilo Kusuma Widjaja Hartanto Sugiarto Lim Tan Liem Gozali"
)

_ARAB = _words(
    "Muhammad Ahmad Abdul Rahman Fauzi Hasan Husein Ridwan Syaiful Faisal Ilham Arif Rahmat "
    "Umar Ali Hamid Zainal Luthfi Hafiz Rizki Fikri Habib Salim Yusuf Ibrahim Ismail"
)
_ARAB_F = _words(
    "Fatimah Aisyah Khadijah Zahra Laila Aminah Maryam Nurul Salma Zainab Hafsah Sarah Alya "
    "Nabila Syifa Annisa Rahmah Zulaikha Farida Halimah Nafisah Ruqayyah"
)
_ARAB_2 = _words(
    "Hidayat Rahman Hakim Fauzan Hasyim Anwar Mubarak Syukur Hamzah Rasyid Mahmud Habibi "
    "Maulana Firdaus Ramadhan Kamil Zakaria Aziz Hafidz Amin"
)
_ARAB_2F = _words(
    "Nur Aini Hidayah Azizah Rahmawati Hasanah Zakiyah Maulida Fauziah Mardhiyah Latifah "
    "Mufidah Munawaroh Khoiriyah Rofiqoh Shalihah"
)
_HADHRAMI = (
    "Alatas",
    "Assegaf",
    "Al Habsyi",
    "Baswedan",
    "Shihab",
    "Bafagih",
    "Alkaff",
    "Aljufri",
    "Alaydrus",
    "Bahasuan",
)

_TIMUR = _words(
    "Johanis Frederik Marthen Yohanes Ferry Jefri Stevanus Hendrik Alfons Ronny Max Roy "
    "Jacob Samuel Octavianus Benyamin Rikardo Nelson Welly Arnold"
)
_TIMUR_F = _words(
    "Meiske Maria Novita Magdalena Yuliana Frida Deisy Grace Olivia Margaretha Lenny Jeane "
    "Christien Sofia Marlin Herlina Merry Fenny Yoanita Stella"
)
_FAM = _words(
    "Lumentut Rondonuwu Sumampouw Wuisan Pangemanan Lasut Mandagi Tumbelaka Kalalo Rumengan "
    "Pattiasina Wattimena Latuheru Tuhumury Pattinama Sahetapy Leimena Manuputty Ratulangi"
)


def _jawa(rng: random.Random, sex: str) -> str:
    given = rng.choice(_JAWA if sex == L else _JAWA_F)
    second = rng.choice(_JAWA_2 if sex == L else _JAWA_2F)
    roll = rng.random()
    if roll < 0.15:
        return given
    if roll < 0.25:
        return f"{given} {rng.choice(_JAWA if sex == L else _JAWA_F)} {second}"
    return f"{given} {second}"


def _sunda(rng: random.Random, sex: str) -> str:
    given = rng.choice(_SUNDA if sex == L else _SUNDA_F)
    return f"{given} {rng.choice(_SUNDA_2 if sex == L else _SUNDA_2F)}"


def _batak(rng: random.Random, sex: str) -> str:
    given = rng.choice(_BATAK if sex == L else _BATAK_F)
    if rng.random() < 0.2:
        given = f"{given} {rng.choice(_BATAK if sex == L else _BATAK_F)}"
    return f"{given} {rng.choice(_MARGA)}"


def _minang(rng: random.Random, sex: str) -> str:
    given = rng.choice(_MINANG if sex == L else _MINANG_F)
    return f"{given} {rng.choice(_SUKU)}" if rng.random() < 0.4 else given


def _bugis(rng: random.Random, sex: str) -> str:
    given = rng.choice(_BUGIS if sex == L else _BUGIS_F)
    name = f"{given} {rng.choice(_BUGIS_2)}" if sex == L else f"{given} {rng.choice(_BUGIS_F)}"
    if name.split()[0] == name.split()[-1]:
        name = given
    return f"Andi {name}" if rng.random() < 0.2 else name


def _bali(rng: random.Random, sex: str) -> str:
    if rng.random() < 0.15:
        prefix = rng.choice(_BALI_CASTE_L if sex == L else _BALI_CASTE_P)
    else:
        order = rng.choice(_BALI_ORDER_L if sex == L else _BALI_ORDER_P)
        prefix = f"I {order}" if sex == L else f"Ni {order}"
    return f"{prefix} {rng.choice(_BALI if sex == L else _BALI_F)}"


def _tionghoa(rng: random.Random, sex: str) -> str:
    given = rng.choice(_TIONGHOA if sex == L else _TIONGHOA_F)
    family = rng.choice(_TIONGHOA_2)
    return given if family == given else f"{given} {family}"


def _arab(rng: random.Random, sex: str) -> str:
    if sex == L:
        first, second = rng.choice(_ARAB), rng.choice(_ARAB_2)
        name = f"{first} {second}" if first != second else first
        if rng.random() < 0.3:
            name = f"{first} {rng.choice(_ARAB)} {second}"
    else:
        first, second = rng.choice(_ARAB_F), rng.choice(_ARAB_2F)
        name = f"{first} {second}" if first != second else first
    if rng.random() < 0.2:
        name = f"{name.split()[0]} {rng.choice(_HADHRAMI)}"
    return name


def _timur(rng: random.Random, sex: str) -> str:
    return f"{rng.choice(_TIMUR if sex == L else _TIMUR_F)} {rng.choice(_FAM)}"


# The mix of a city on Java with migrants from across the archipelago.
_TRADITIONS = (_jawa, _sunda, _arab, _batak, _minang, _bugis, _bali, _tionghoa, _timur)
_TRADITION_WEIGHTS = (38, 16, 12, 8, 8, 7, 5, 4, 2)
_CUMULATIVE = tuple(sum(_TRADITION_WEIGHTS[: i + 1]) for i in range(len(_TRADITION_WEIGHTS)))


def person_name(rng: random.Random, sex: str) -> str:
    """A believable Indonesian name for a person of the given sex ("L" or "P")."""
    (tradition,) = rng.choices(_TRADITIONS, cum_weights=_CUMULATIVE)
    return tradition(rng, sex)


# Places a puskesmas is named after.
TEMPAT = _words(
    "Sukamaju Sukajadi Karanganyar Tegalrejo Sidomulyo Margahayu Cibeureum Kebonsari Sumbersari "
    "Pasirkaliki Tanjungsari Mekarsari Kaliwungu Bojongsari Jatimulya Sindangrasa Banjarsari "
    "Kedungwaru Gedongan Panjunan Kotabaru Cempaka Rawasari Tamansari Sukasari Mulyorejo "
    "Pandanwangi Kertajaya Sumberejo Cipageran Padasuka Lowokwaru Gunungsari Wonorejo Kalirejo"
)
