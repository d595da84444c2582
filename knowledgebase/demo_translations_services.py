"""English and Tatar translations of the demo articles on popular services (SPEC ACC2).

Pure data, merged into knowledgebase/demo_translations.py; the same conventions: markup and structure as in
the Russian original, the portal's buttons and sections quoted in Russian «» with a translation in brackets.
"""

# ruff: noqa: E501  -- article bodies are prose: one line per paragraph or step, as authors type them

SERVICE_TRANSLATIONS = {
    "zapis-v-mfc": {
        "en": {
            "title": "Booking an appointment at an MFC or an agency",
            "summary": "You can book an appointment at an MFC, a Social Fund office, the tax office or the traffic police on the portal: choose the service, the office on the map, the date and the time. The appointment can be moved or cancelled on its card.",
            "body": """
## How to book
1. Search the portal for «Запись на приём» (Appointment booking) and choose the agency: MFC, Social Fund, tax office, traffic police or another.
2. Choose the service you are coming for: the documents you need and the length of the appointment depend on it.
3. Choose the office on the map or in the list, then a free date and time.
4. Confirm the booking: it will appear under «Заявления» (Applications), and a reminder will arrive the day before.

## What to bring
- your passport;
- SNILS, if the service needs it;
- the documents listed in the service description — originals, not copies.

## Moving and cancelling
You can move or cancel the appointment on its card. Cancel in advance if you cannot come — the time will be freed for others.

## If there is no free time or the office is not in the list
- the schedule opens gradually — check again the next day;
- in some regions MFC bookings are handled by the regional portal — the state services portal will redirect you there;
- many services can be received without a visit: check whether you can apply online.
""",
        },
        "tt": {
            "title": "КФҮгә яки ведомствога кабул итүгә язылу",
            "summary": "КФҮгә, Социаль фонд бүлекчәсенә, салым органына яки ЮХИДИгә кабул итүгә порталда язылырга мөмкин: хезмәтне, картада бүлекчәне, датаны һәм вакытны сайлагыз. Язылуны аның карточкасында күчерергә яки гамәлдән чыгарырга мөмкин.",
            "body": """
## Ничек язылырга
1. Портал эзләвендә «Запись на приём» (Кабул итүгә язылу) табыгыз һәм ведомствоны сайлагыз: КФҮ, Социаль фонд, салым органы, ЮХИДИ яки башкасы.
2. Нинди хезмәт өчен барасыгызны сайлагыз: кирәкле документлар һәм кабул итү озынлыгы шуңа бәйле.
3. Картада яки исемлектә бүлекчәне, аннары буш дата һәм вакытны сайлагыз.
4. Язылуны раслагыз: ул «Заявления» (Гаризалар) бүлегендә күренәчәк, ә бер көн алдан искәртү киләчәк.

## Үзегез белән нәрсә алырга
- паспорт;
- хезмәт өчен кирәк булса, СНИЛС;
- хезмәт тасвирламасында күрсәтелгән документлар — күчермәләр түгел, ә төп нөсхәләр.

## Күчерү һәм гамәлдән чыгару
Язылуны аның карточкасында күчерергә яки гамәлдән чыгарырга мөмкин. Килә алмасагыз, алдан гамәлдән чыгарыгыз — вакыт башкалар өчен бушатылачак.

## Буш вакыт булмаса яки бүлекчә исемлектә булмаса
- расписание әкренләп ачыла — икенче көнне тагын тикшерегез;
- кайбер төбәкләрдә КФҮгә язылуны төбәк порталы алып бара — дәүләт хезмәтләре порталы сезне шунда юнәлтәчәк;
- күп хезмәтләрне килмичә дә алырга мөмкин: гаризаны онлайн бирергә ярамыймы икәнен тикшерегез.
""",
        },
    },
    "zamena-pasporta-20-45-let": {
        "en": {
            "title": "Replacing the Russian passport at 20 and 45, after a change of surname or damage",
            "summary": "The application to replace a passport is submitted online no later than 90 days after turning 20 or 45, a change of surname or another reason. Then you go to a Ministry of Internal Affairs office with your documents; the new passport is issued there too.",
            "body": """
## When to replace the passport
- you have turned 20 or 45;
- your surname, first name, patronymic, date or place of birth has changed;
- the passport is damaged or contains an error.

The application must be submitted no later than 90 days after the reason arises. Living with an invalid passport carries an administrative fine.

## How to apply
1. Find the «Замена паспорта гражданина РФ» (Replacement of the Russian citizen's passport) service on the portal and click «Начать» (Start).
2. Check the details from your profile and give the reason for the replacement.
3. Upload a digital photo — see the article “Photo for an application: requirements for a digital photo”.
4. Choose a Ministry of Internal Affairs office and, if booking is available, the date and time of the appointment.
5. Pay the state fee through the link in the application card.

## What to bring to the appointment
- your current passport;
- two 35×45 mm photos;
- the marriage or divorce certificate — after a change of surname or for the marriage entry;
- the birth certificates of children under 14 — for the entry about children;
- a military ID or the certificate of a citizen subject to conscription — for those liable for military service.

## Time
The passport is issued within 10 days if you apply at your place of residence and within 30 days at another office. You can get a temporary identity card while it is being issued.
""",
        },
        "tt": {
            "title": "20 һәм 45 яшьтә, фамилияне алыштырганда яки бозылганда РФ паспортын алыштыру",
            "summary": "Паспортны алыштыру турында гариза 20 яки 45 яшь тулганнан, фамилия үзгәргәннән яки башка нигез барлыкка килгәннән соң 90 көннән дә соңга калмыйча онлайн бирелә. Аннары сез документлар белән Эчке эшләр министрлыгы бүлекчәсенә барасыз; яңа паспортны да шунда бирәләр.",
            "body": """
## Паспортны кайчан алыштырырга
- 20 яки 45 яшь тулган;
- фамилия, исем, атаның исеме, туу датасы яки урыны үзгәргән;
- паспорт бозылган яки анда хата табылган.

Гаризаны нигез барлыкка килгәннән соң 90 көннән дә соңга калмыйча бирергә кирәк. Гамәлдә булмаган паспорт белән яшәгән өчен административ штраф каралган.

## Гаризаны ничек бирергә
1. Порталда «Замена паспорта гражданина РФ» (РФ гражданины паспортын алыштыру) хезмәтен табыгыз һәм «Начать» (Башларга) төймәсенә басыгыз.
2. Профильдәге мәгълүматларны тикшерегез һәм алыштыру сәбәбен күрсәтегез.
3. Санлы фотосурәтне йөкләгез — «Гариза өчен фото: санлы фотосурәткә таләпләр» мәкаләсен карагыз.
4. Эчке эшләр министрлыгы бүлекчәсен һәм, язылу мөмкин булса, кабул итү датасын һәм вакытын сайлагыз.
5. Гариза карточкасындагы сылтама буенча дәүләт пошлинасын түләгез.

## Кабул итүгә нәрсә алырга
- гамәлдәге паспорт;
- 35×45 мм зурлыктагы ике фотосурәт;
- никах яки никахны өзү турында таныклык — фамилияне алыштырганда яки билге өчен;
- 14 яшькә кадәрге балаларның туу турында таныклыклары — балалар турында билге өчен;
- хәрби билет яки армиягә чакырылырга тиешле гражданин таныклыгы — хәрби бурычлылар өчен.

## Вакыт
Яшәү урыны буенча мөрәҗәгать иткәндә паспортны 10 көнгә кадәр, башка бүлекчәдә 30 көнгә кадәр рәсмиләштерәләр. Рәсмиләштерү вакытына шәхесне раслаучы вакытлыча таныклык алырга мөмкин.
""",
        },
    },
    "zagranpasport-staryy-i-novyy-obrazec": {
        "en": {
            "title": "Old-type and new-type international passports: how to apply",
            "summary": "A new-type international passport with an electronic chip is valid for 10 years, an old-type one for 5 years. The application is submitted online, then you go to the Ministry of Internal Affairs; it takes up to 1 month at your place of residence and up to 3 months elsewhere.",
            "body": """
## Which to choose
- new type (biometric) — valid for 10 years, the photo is taken at the appointment, you may hold two such passports at the same time;
- old type — valid for 5 years, you upload the photo in the application yourself.

The state fee for a new-type passport is higher; the exact amount is on the service page.

## How to apply
1. Choose the «Загранпаспорт нового образца» (New-type international passport) or «Загранпаспорт старого образца» (Old-type international passport) service.
2. Fill in the form: work and study over the last 10 years, access to state secrets, military service obligation.
3. For an old-type passport, upload a digital photo that meets the requirements in the form.
4. Choose a Ministry of Internal Affairs office and, where possible, the appointment time.
5. Wait for the invitation to the appointment and pay the state fee through the link in the application card.

## What to bring to the appointment
- the Russian citizen's passport;
- your current international passport, if you have one;
- a military ID or another military registration document — for men of conscription age;
- for a child — the birth certificate and a document proving Russian citizenship if the certificate has no citizenship mark.

## Common mistakes in the form
- missing periods: if you were not working, say so for that period;
- the organisation's address is incomplete — give the region, city and street.
""",
        },
        "tt": {
            "title": "Иске һәм яңа үрнәктәге чит ил паспорты: ничек рәсмиләштерергә",
            "summary": "Электрон чиплы яңа үрнәктәге чит ил паспорты 10 ел, иске үрнәктәгесе 5 ел гамәлдә. Гариза онлайн бирелә, аннары Эчке эшләр министрлыгына барырга кирәк; рәсмиләштерү вакыты яшәү урыны буенча 1 айга кадәр, башка урында 3 айга кадәр.",
            "body": """
## Кайсын сайларга
- яңа үрнәктәге (биометрик) — 10 ел гамәлдә, фотоны кабул иткәндә төшерәләр, бер үк вакытта мондый ике паспорт булырга мөмкин;
- иске үрнәктәге — 5 ел гамәлдә, фотосурәтне гаризада үзегез йөклисез.

Яңа үрнәктәге паспорт өчен дәүләт пошлинасы югарырак; төгәл күләме хезмәт битендә күрсәтелгән.

## Гаризаны ничек бирергә
1. «Загранпаспорт нового образца» (Яңа үрнәктәге чит ил паспорты) яки «Загранпаспорт старого образца» (Иске үрнәктәге чит ил паспорты) хезмәтен сайлагыз.
2. Анкетаны тутырыгыз: соңгы 10 елда эш һәм уку, дәүләт серенә рөхсәт, хәрби бурыч турында мәгълүматлар.
3. Иске үрнәктәге паспорт өчен формадагы таләпләр буенча санлы фотосурәт йөкләгез.
4. Эчке эшләр министрлыгы бүлекчәсен һәм, мөмкин булган урында, кабул итү вакытын сайлагыз.
5. Кабул итүгә чакыруны көтегез һәм гариза карточкасындагы сылтама буенча дәүләт пошлинасын түләгез.

## Кабул итүгә нәрсә алырга
- РФ гражданины паспорты;
- булса, гамәлдәге чит ил паспорты;
- хәрби билет яки хәрби исәпнең башка документы — армиягә чакыру яшендәге ир-атлар өчен;
- бала өчен — туу турында таныклык һәм, таныклыкта гражданлык турында билге булмаса, РФ гражданлыгы турында документ.

## Анкетадагы еш очрый торган хаталар
- чорлар төшеп калган: эшләмәгән булсагыз, тиешле чор өчен моны күрсәтегез;
- оешма адресы тулысынча күрсәтелмәгән — төбәкне, шәһәрне һәм урамны языгыз.
""",
        },
    },
    "registraciya-po-mestu-zhitelstva": {
        "en": {
            "title": "Registration at the place of residence and the place of stay (propiska)",
            "summary": "You can register at a new address online: you need your passport and the consent of the owner of the home if you are not the owner. When you register at a new place of residence, your registration at the old address is removed automatically.",
            "body": """
## Types of registration
- at the place of residence (permanent) — at the address where you live permanently;
- at the place of stay (temporary) — if you live at another address for more than 90 days, for example in a rented flat.

## What you will need
- the Russian citizen's passport;
- the grounds for moving in: a tenancy agreement, a purchase agreement or the owner's consent; the agency requests the property register (EGRN) records itself;
- for a child under 14 — the birth certificate and the parents' consent.

## How to apply
1. Find the «Регистрация по месту жительства» (Registration at the place of residence) or «Регистрация по месту пребывания» (Registration at the place of stay) service.
2. Give the address and the grounds for moving in.
3. If the owner is another person, they confirm their consent in their own account or in person at a Ministry of Internal Affairs office.
4. Send the application and follow its status: if a visit with the original documents is needed, an invitation appears in the application card.

## Time and result
The processing time is on the service page; it is usually a few working days. The stamp of registration at the place of residence is put in the passport; the certificate of registration at the place of stay can be received electronically.

The address in your profile and your registration are different things: changing the address in the profile does not change your registration.
""",
        },
        "tt": {
            "title": "Яшәү урыны һәм булу урыны буенча теркәлү (прописка)",
            "summary": "Яңа адрес буенча онлайн теркәлергә мөмкин: паспорт һәм, әгәр сез торак милекчесе булмасагыз, аның ризалыгы кирәк. Яңа яшәү урыны буенча теркәлгәндә иске адрес буенча исәптән автоматик рәвештә төшерәләр.",
            "body": """
## Теркәлү төрләре
- яшәү урыны буенча (даими) — сез даими яши торган адрес буенча;
- булу урыны буенча (вакытлыча) — сез 90 көннән артык башка адрес буенча яшәсәгез, мәсәлән, фатир арендалыйсыз.

## Нәрсә кирәк булачак
- РФ гражданины паспорты;
- күчеп керүгә нигез: яллау шартнамәсе, сатып алу-сату шартнамәсе яки милекченең ризалыгы; БДКР (ЕГРН) мәгълүматларын ведомство үзе сорый;
- 14 яшькә кадәрге бала өчен — туу турында таныклык һәм ата-ананың ризалыгы.

## Ничек бирергә
1. «Регистрация по месту жительства» (Яшәү урыны буенча теркәлү) яки «Регистрация по месту пребывания» (Булу урыны буенча теркәлү) хезмәтен табыгыз.
2. Адресны һәм күчеп керүгә нигезне күрсәтегез.
3. Милекче — башка кеше булса, ул ризалыгын үз хисап язмасында яки Эчке эшләр министрлыгы бүлекчәсендә шәхсән раслый.
4. Гаризаны җибәрегез һәм статусын күзәтегез: документларның оригиналлары белән килергә кирәк булса, гариза карточкасында чакыру барлыкка киләчәк.

## Вакыт һәм нәтиҗә
Рәсмиләштерү вакыты хезмәт битендә күрсәтелгән, гадәттә бу берничә эш көне. Яшәү урыны буенча теркәлү турында билгене паспортка куялар; булу урыны буенча теркәлү турында таныклыкны электрон рәвештә алырга мөмкин.

Профильдәге адрес һәм теркәлү — төрле нәрсәләр: профильдә адресны үзгәртү теркәлүне үзгәртми.
""",
        },
    },
    "zapis-k-vrachu": {
        "en": {
            "title": "Booking a doctor's appointment through the portal",
            "summary": "You can book a general practitioner, a paediatrician and other doctors of the clinic you are attached to under your OMS (compulsory medical insurance) policy. Specialists usually require a referral from your doctor.",
            "body": """
## What you will need
- an OMS policy in your profile;
- attachment to a clinic — if you are not attached, apply for attachment first.

## How to book
1. Open the «Запись к врачу» (Doctor's appointment) service and choose whom you are booking for: yourself or a child.
2. Choose the clinic you are attached to.
3. Choose the speciality, the doctor and a free date and time.
4. Confirm the booking: the appointment slip appears under «Заявления» (Applications), and a notification arrives in your personal account.

## To a specialist
Cardiologists, neurologists and other specialists are usually booked with a referral from a general practitioner. The electronic referral appears when you choose the speciality.

## Cancelling and rescheduling
An appointment can be cancelled in its card. Cancel in good time if you cannot come — the time will be freed for other patients.

## If there is no free time or the clinic is not listed
- the schedule opens gradually — check later;
- in some regions booking is handled by a regional system, and the portal will redirect you to it;
- ask the clinic whether it is connected to electronic booking.
""",
        },
        "tt": {
            "title": "Портал аша табибка язылу",
            "summary": "ММС полисы буенча сез беркетелгән поликлиникадагы терапевтка, педиатрга һәм башка табибларга язылырга мөмкин. Тар белгечләргә гадәттә дәвалаучы табибның юлламасы кирәк.",
            "body": """
## Нәрсә кирәк булачак
- профильдә ММС полисы;
- поликлиникага беркетелү — ул булмаса, башта беркетелү турында гариза бирегез.

## Ничек язылырга
1. «Запись к врачу» (Табибка язылу) хезмәтен ачыгыз һәм кемне язасыз — үзегезне яки баланы — сайлагыз.
2. Сез беркетелгән поликлиниканы сайлагыз.
3. Белгечлекне, табибны, буш датаны һәм вакытны сайлагыз.
4. Язылуны раслагыз: талон «Заявления» (Гаризалар) бүлегендә барлыкка киләчәк, белдерү шәхси кабинетка киләчәк.

## Тар белгечкә
Кардиологка, неврологка һәм башка тар белгечләргә гадәттә терапевт юлламасы буенча язалар. Электрон юллама белгечлекне сайлаганда барлыкка килә.

## Юкка чыгару һәм күчерү
Язылуны аның карточкасында юкка чыгарырга мөмкин. Килә алмасагыз, алдан юкка чыгарыгыз — вакыт башка пациентлар өчен бушаячак.

## Буш вакыт булмаса яки поликлиника исемлектә булмаса
- расписание әкренләп ачыла — соңрак тикшерегез;
- кайбер төбәкләрдә язылуны төбәк системасы алып бара, портал сезне шунда юнәлтәчәк;
- поликлиниканың электрон язылуга тоташтырылганмы икәнен ачыклагыз.
""",
        },
    },
    "polis-oms": {
        "en": {
            "title": "The OMS policy: how to get it, replace it or change the insurance company",
            "summary": "An OMS (compulsory medical insurance) policy is issued as an extract from the unified register of insured persons; its number is shown in your profile. You can choose or change the medical insurance company online once a year, and more often if you move.",
            "body": """
## What a policy looks like
Since December 2022 a new policy is issued without a paper form: you get an extract from the unified register of insured persons with the policy number. Paper policies and plastic cards issued earlier remain valid.

## Get a policy or change the insurance company
1. Find the «Выбор или замена страховой медицинской организации» (Choosing or changing the medical insurance company) service.
2. Check your passport and SNILS in the profile — they are needed for the application.
3. Choose a medical insurance company in your region.
4. Say how you want to receive the extract: electronically or at the insurance company's office.
5. Send the application; the result arrives in the application card.

## How often you can change the insurance company
- once a year — if you apply before 1 November;
- more often — if you move to another region or the insurance company has stopped operating.

## A policy for a child
A newborn's policy is arranged by a parent; you will need the child's birth certificate and SNILS.

Policy number: «Профиль» (Profile) → «Документы и данные» (Documents and data) → «Полис ОМС» (OMS policy).
""",
        },
        "tt": {
            "title": "ММС полисы: ничек рәсмиләштерергә, алыштырырга яки страховкалау компаниясен үзгәртергә",
            "summary": "ММС полисы страховкаланган затларның бердәм регистрыннан өземтә рәвешендә рәсмиләштерелә; аның номеры профильдә күренә. Страховкалау медицина оешмасын елга бер тапкыр, ә күчкәндә ешрак онлайн сайларга яки алыштырырга мөмкин.",
            "body": """
## Полис нинди була
2022 елның декабреннән яңа полис кәгазь бланксыз рәсмиләштерелә: сез полис номеры белән страховкаланган затларның бердәм регистрыннан өземтә аласыз. Элек бирелгән кәгазь полислар һәм пластик карталар гамәлдә калалар.

## Полисны рәсмиләштерергә яки страховкалау компаниясен алыштырырга
1. «Выбор или замена страховой медицинской организации» (Страховкалау медицина оешмасын сайлау яки алыштыру) хезмәтен табыгыз.
2. Профильдә паспортны һәм СНИЛСны тикшерегез — алар гариза өчен кирәк.
3. Үз төбәгегездә страховкалау медицина оешмасын сайлагыз.
4. Өземтәне ничек алуыгызны күрсәтегез: электрон рәвештә яки страховкалау компаниясе офисында.
5. Гаризаны җибәрегез; нәтиҗә гариза карточкасына киләчәк.

## Страховкалау компаниясен ни дәрәҗәдә еш алыштырырга мөмкин
- елга бер тапкыр — гаризаны 1 ноябрьгә кадәр биргәндә;
- ешрак — башка төбәккә күчкәндә яки страховкалау компаниясе эшен туктатса.

## Бала өчен полис
Яңа туган балага полисны ата-ана рәсмиләштерә; баланың туу турында таныклыгы һәм СНИЛСы кирәк булачак.

Полис номеры: «Профиль» (Профиль) → «Документы и данные» (Документлар һәм мәгълүматлар) → «Полис ОМС» (ММС полисы).
""",
        },
    },
    "vypiska-ils-sfr-stazh": {
        "en": {
            "title": "Social Fund statement of your length of service and pension points (ILS)",
            "summary": "The notice of the state of your individual personal account is ordered online and usually arrives in your personal account within a day. It shows your length of service, employers, contributions and pension coefficients.",
            "body": """
## What the statement contains
- periods of work and the names of employers;
- insurance length of service;
- the amount of insurance contributions;
- individual pension coefficients (points);
- information on pension savings, if you have any.

## How to order it
1. Find the «Извещение о состоянии лицевого счёта в СФР» (Notice of the state of the personal account at the Social Fund) service.
2. Click «Получить» (Get): the application is filled in automatically from your SNILS.
3. Open the statement in the application card and download the PDF if needed.

## Electronic employment record
Information on your work history is a separate service, «Сведения о трудовой деятельности» (Employment history). The statement shows the data your employers have submitted.

## If there is a mistake in the statement
1. Compare the statement with your employment record book, contracts and certificates.
2. If a period of work is missing, contact the employer: it is the employer who sends the information to the Social Fund.
3. If the employer has been liquidated, apply to the Social Fund with supporting documents.

The electronic statement is signed with the Social Fund's electronic signature and is legally valid.
""",
        },
        "tt": {
            "title": "Социаль фондтан стаж һәм пенсия баллары турында өземтә (ШШС)",
            "summary": "Шәхси лицевой счетның торышы турында хәбәрнамә онлайн заказ бирелә һәм гадәттә бер тәүлек эчендә шәхси кабинетка килә. Анда — стаж, эш бирүчеләр, кертемнәр һәм пенсия коэффициентлары.",
            "body": """
## Өземтәдә нәрсә бар
- эш чорлары һәм эш бирүчеләрнең исемнәре;
- страховкалау стажы;
- страховкалау кертемнәренең суммасы;
- шәхси пенсия коэффициентлары (баллар);
- булса, пенсия туплаулары турында мәгълүматлар.

## Ничек заказ бирергә
1. «Извещение о состоянии лицевого счёта в СФР» (СФта лицевой счет торышы турында хәбәрнамә) хезмәтен табыгыз.
2. «Получить» (Алырга) төймәсенә басыгыз: гариза СНИЛС буенча автоматик рәвештә тутырылачак.
3. Өземтәне гариза карточкасында ачыгыз һәм кирәк булса PDF-ны йөкләп алыгыз.

## Электрон хезмәт кенәгәсе
Хезмәт эшчәнлеге турында мәгълүматлар — аерым хезмәт, «Сведения о трудовой деятельности» (Хезмәт эшчәнлеге турында мәгълүматлар). Өземтәдә эш бирүчеләр тапшырган мәгълүматлар чагыла.

## Өземтәдә хата булса
1. Өземтәне хезмәт кенәгәсе, шартнамәләр һәм белешмәләр белән чагыштырыгыз.
2. Эш чоры җитмәсә, эш бирүчегә мөрәҗәгать итегез: мәгълүматларны Социаль фондка ул тапшыра.
3. Эш бирүче бетерелгән булса, раслаучы документлар белән Социаль фондка гариза бирегез.

Электрон өземтәгә Социаль фондның электрон имзасы куелган һәм ул юридик көчкә ия.
""",
        },
    },
    "nalogovyy-vychet-3-ndfl": {
        "en": {
            "title": "Tax deduction: the 3-NDFL return and the simplified procedure",
            "summary": "You can get back part of the tax paid on medical treatment, education, sport or buying a flat by filing a 3-NDFL return in the taxpayer's personal account on the Federal Tax Service website — you sign in with your portal account. A return can be filed for the last three years.",
            "body": """
## Types of deductions
- social — medical treatment and medicines, education, sport, voluntary insurance, pension contributions;
- property — buying a home and mortgage interest;
- standard — for children; these are usually given by the employer.

## How to file the return
1. Sign in to the taxpayer's personal account on the Federal Tax Service website with your confirmed portal account.
2. Choose «Жизненные ситуации» (Life situations) → «Подать декларацию 3-НДФЛ» (File a 3-NDFL return).
3. Your income is filled in from your employers' reports; enter your expenses and attach the supporting documents.
4. Sign the return with a non-qualified signature — it is issued free of charge in the taxpayer's personal account.
5. Submit a refund application with the details of your account.

## Simplified procedure
If your bank or broker sends the information to the Federal Tax Service, a ready deduction application appears in the taxpayer's personal account — you do not need to file a return or documents.

## Time limits
- a deduction can be claimed within three years after the year of the expenses;
- the desk audit of the return takes up to three months;
- its progress is shown in the taxpayer's personal account.

The decision on the deduction is taken by the Federal Tax Service; the portal's support helps with signing in through your account.
""",
        },
        "tt": {
            "title": "Салым ташламасы: 3-ФЗКС декларациясе һәм гадиләштерелгән тәртип",
            "summary": "Дәвалану, уку, спорт яки фатир сатып алу өчен салымның бер өлешен кире кайтару өчен ФСХ сайтындагы салым түләүченең шәхси кабинетында 3-ФЗКС декларациясен бирергә мөмкин — керү портал хисап язмасы аша башкарыла. Декларацияне соңгы өч ел өчен бирергә була.",
            "body": """
## Нинди ташламалар була
- социаль — дәвалану һәм дарулар, уку, спорт, ирекле страховкалау, пенсия кертемнәре;
- милек — торак сатып алу һәм ипотека буенча процентлар;
- стандарт — балалар өчен; аларны гадәттә эш бирүче бирә.

## Декларацияне ничек бирергә
1. Порталның расланган хисап язмасы аша ФСХ сайтындагы салым түләүченең шәхси кабинетына керегез.
2. «Жизненные ситуации» (Тормыш хәлләре) → «Подать декларацию 3-НДФЛ» (3-ФЗКС декларациясен бирергә) дигәнне сайлагыз.
3. Керемнәр эш бирүчеләр мәгълүматларыннан куелачак; чыгымнарны күрсәтегез һәм раслаучы документларны кушыгыз.
4. Декларациягә квалификацияле булмаган имза белән кул куегыз — аны салым түләүченең шәхси кабинетында бушлай чыгаралар.
5. Үз счетыгызның реквизитлары белән кире кайтару турында гариза бирегез.

## Гадиләштерелгән тәртип
Банк яки брокер мәгълүматларны ФСХка тапшырса, салым түләүченең шәхси кабинетында ташлама алуга әзер гариза барлыкка киләчәк — декларация һәм документлар бирергә кирәкми.

## Вакытлар
- ташламаны чыгымнар булган елдан соң өч ел эчендә сорарга мөмкин;
- декларацияне камераль тикшерү өч айга кадәр дәвам итә;
- тикшерүнең барышы салым түләүченең шәхси кабинетында күренә.

Ташлама турында карарны ФСХ кабул итә; портал ярдәм хезмәте хисап язмасы аша керергә булыша.
""",
        },
    },
    "shtrafy-gibdd-skidka-50": {
        "en": {
            "title": "Traffic police (GIBDD) fines: how to check them and pay with a 50% discount",
            "summary": "Most traffic police fines can be paid with a 50% discount within 20 days of the ruling. Fines are found automatically from the driving licence and the vehicle registration certificate in your profile.",
            "body": """
## How to find fines
1. Add your driving licence and vehicle registration certificate (STS) to your profile.
2. Open the «Штрафы» (Fines) section: the portal checks for new fines automatically and sends notifications.
3. To receive rulings electronically, subscribe to electronic letters from government agencies in your profile settings.

## 50% discount
- it applies for 20 days from the date of the ruling;
- if the copy of the ruling arrived later, the discount period can be restored on request;
- it does not apply to some offences, for example repeated speeding, driving while intoxicated and offences that caused harm to health.

## How to pay
1. Open the fine and check the amount: if the discount applies, it is already included.
2. Pay by card or through the Faster Payments System.
3. Keep the receipt: the payment information does not reach the state payments system (GIS GMP) at once.

## Without the discount
The fine must be paid within 60 days after the ruling takes effect; an unpaid fine is passed to the bailiffs.

If you disagree with the fine, appeal against the ruling within 10 days — the procedure is stated in the ruling itself.
""",
        },
        "tt": {
            "title": "ДЮХИ штрафлары: 50 % ташлама белән ничек тикшерергә һәм түләргә",
            "summary": "ДЮХИның күпчелек штрафларын карар чыгарылган көннән 20 көн эчендә 50 % ташлама белән түләргә мөмкин. Штрафлар профильдәге машина йөртүче таныклыгы һәм ТЧТ буенча автоматик рәвештә табыла.",
            "body": """
## Штрафларны ничек табарга
1. Профильгә машина йөртүче таныклыгын һәм транспорт чарасын теркәү турында таныклыкны (ТЧТ) өстәгез.
2. «Штрафы» (Штрафлар) бүлеген ачыгыз: портал яңа штрафларны автоматик рәвештә тикшерә һәм белдерүләр җибәрә.
3. Карарлар электрон рәвештә килсен өчен, профиль көйләүләрендә ведомстволардан электрон хатларга язылыгыз.

## 50 % ташлама
- карар чыгарылган көннән 20 көн гамәлдә;
- карарның күчермәсе соңрак килсә, ташлама белән түләү вакытын үтенеч буенча торгызырга мөмкин;
- кайбер бозулар өчен гамәлдә түгел, мәсәлән, тизлекне кабат арттыру, исерек хәлдә йөртү һәм сәламәтлеккә зыян китергән бозулар өчен.

## Ничек түләргә
1. Штрафны ачыгыз һәм сумманы тикшерегез: ташлама гамәлдә булса, ул инде исәпкә алынган.
2. Карта белән яки Тиз түләүләр системасы аша түләгез.
3. Квитанцияне саклагыз: түләү турында мәгълүматлар ДММСка (ГИС ГМП) шунда ук кермәскә мөмкин.

## Ташламасыз
Штрафны карар үз көченә кергәннән соң 60 көн эчендә түләргә кирәк; түләнмәгән штрафны суд приставларына тапшыралар.

Штраф белән килешмәсәгез, карарга 10 көн эчендә шикаять бирегез — тәртибе карарның үзендә күрсәтелгән.
""",
        },
    },
    "registraciya-avtomobilya": {
        "en": {
            "title": "Registering a car with the traffic police (GIBDD) after buying it",
            "summary": "A car must be registered within 10 days of purchase. The application is submitted online with a choice of office and inspection time; on the appointed day you bring the car to the traffic police.",
            "body": """
## What you will need
- your passport;
- the vehicle passport — paper or electronic (EPTS);
- the purchase agreement or another document of ownership;
- an OSAGO (compulsory motor insurance) policy — it is checked automatically.

## How to apply
1. Find the «Регистрация транспортного средства» (Vehicle registration) service.
2. Enter the car's details: the VIN, the PTS or EPTS number, the details of the agreement.
3. Choose a traffic police office and the date and time of the inspection.
4. Pay the state fee through the link in the application — the payment details are filled in automatically.
5. Come in the car with the original documents at the appointed time.

## Number plates
If the car was bought with plates, you can keep them — mark this in the application. New plates are issued if the old ones are not kept or the car is new.

## Time limits
The car must be registered within 10 days of the purchase. Registration is done on the day of the inspection.
""",
        },
        "tt": {
            "title": "Сатып алганнан соң автомобильне ДЮХИда теркәү",
            "summary": "Автомобильне сатып алганнан соң 10 көн эчендә исәпкә куярга кирәк. Гариза бүлекчәне һәм карау вакытын сайлап онлайн бирелә; билгеләнгән көнне автомобильне ДЮХИга китерәләр.",
            "body": """
## Нәрсә кирәк булачак
- паспорт;
- транспорт чарасы паспорты — кәгазь яки электрон (ЭТЧП);
- сатып алу-сату шартнамәсе яки милек хокукы турында башка документ;
- ОСАГО полисы — аның турындагы мәгълүматлар автоматик рәвештә тикшерелә.

## Гаризаны ничек бирергә
1. «Регистрация транспортного средства» (Транспорт чарасын теркәү) хезмәтен табыгыз.
2. Автомобиль мәгълүматларын күрсәтегез: VIN, ТЧП яки ЭТЧП номеры, шартнамә реквизитлары.
3. ДЮХИ бүлекчәсен, карау датасын һәм вакытын сайлагыз.
4. Гаризадагы сылтама буенча дәүләт пошлинасын түләгез — түләү мәгълүматлары автоматик рәвештә куелачак.
5. Билгеләнгән вакытта документларның оригиналлары белән автомобильдә килегез.

## Номерлар
Автомобиль номерлар белән сатып алынган булса, аларны калдырырга мөмкин — моны гаризада билгеләгез. Элеккеге номерлар сакланмаса яки автомобиль яңа булса, яңа номерлар бирәләр.

## Вакытлар
Автомобильне сатып алган көннән 10 көн эчендә исәпкә куярга кирәк. Теркәүне карау көнендә үткәрәләр.
""",
        },
    },
    "zamena-voditelskogo-udostovereniya": {
        "en": {
            "title": "Replacing a driving licence",
            "summary": "A driving licence is valid for 10 years. It can be replaced when it expires, after a change of surname or if it is lost: submit an application online and come to the traffic police at the chosen time; replacement on expiry needs a medical certificate.",
            "body": """
## When the licence must be replaced
- it has expired — after 10 years;
- your surname, first name or patronymic has changed;
- the licence has been lost, stolen or damaged.

## What you will need
- your passport;
- the old driving licence, if you have it;
- a medical certificate of fitness to drive — when replacing on expiry; many medical organisations send it to the traffic police electronically.

## How to apply
1. Find the «Замена водительского удостоверения» (Replacement of a driving licence) service.
2. Give the reason for the replacement and the details of the medical certificate.
3. Choose a traffic police office, the date and the time.
4. Pay the state fee through the link in the application.
5. Come at the appointed time: you will be photographed and the new licence will be issued the same day.

## If the licence is lost
Apply for a replacement because of loss. Until you have the new licence, you may not drive.
""",
        },
        "tt": {
            "title": "Машина йөртүче таныклыгын алыштыру",
            "summary": "Машина йөртүче таныклыгы 10 ел гамәлдә. Аны вакыты чыккач, фамилияне алыштырганда яки югалтканда онлайн гариза биреп һәм сайланган вакытта ДЮХИга килеп алыштырырга мөмкин; вакыты чыккач алыштырганда медицина бәяләмәсе кирәк.",
            "body": """
## Таныклыкны кайчан алыштырырга кирәк
- гамәлдә булу вакыты — 10 ел — тәмамланган;
- фамилия, исем яки атаның исеме үзгәргән;
- таныклык югалган, урланган яки бозылган.

## Нәрсә кирәк булачак
- паспорт;
- булса, элеккеге машина йөртүче таныклыгы;
- транспорт чараларын йөртүгә рөхсәт турында медицина бәяләмәсе — вакыты чыккач алыштырганда; күп медицина оешмалары аны ДЮХИга электрон рәвештә тапшыра.

## Гаризаны ничек бирергә
1. «Замена водительского удостоверения» (Машина йөртүче таныклыгын алыштыру) хезмәтен табыгыз.
2. Алыштыру сәбәбен һәм медицина бәяләмәсе мәгълүматларын күрсәтегез.
3. ДЮХИ бүлекчәсен, датаны һәм вакытны сайлагыз.
4. Гаризадагы сылтама буенча дәүләт пошлинасын түләгез.
5. Билгеләнгән вакытта килегез: сезне фотога төшерәчәкләр, яңа таныклыкны шул ук көнне бирәчәкләр.

## Таныклык югалса
Югалту сәбәпле алыштыру турында гариза бирегез. Яңа таныклык булмаганда автомобиль йөртергә ярамый.
""",
        },
    },
    "edinoe-posobie-na-detey": {
        "en": {
            "title": "The unified allowance for children and pregnant women",
            "summary": "The unified allowance is granted to families with children under 17 and to pregnant women if the income per person is below the regional subsistence minimum. The application is submitted online, the Social Fund checks the income itself, and the allowance is granted for 12 months.",
            "body": """
## Who is entitled
- families with children under 17;
- pregnant women registered with a medical organisation early in pregnancy (before 12 weeks);
- provided that the family's average income per person is below the regional subsistence minimum per head.

## What the Social Fund checks
- the family's income for the 12 months that ended a month before the application;
- property: homes, cars, deposits;
- whether the adult family members have income or valid reasons for having none.

## How to apply
1. Check that all family members and their SNILS are listed in your profile.
2. Find the «Единое пособие» (Unified allowance) service and fill in the application.
3. Give the details of the account to which a «Мир» (Mir) card is issued.
4. Send the application and follow its status.

## Time
The decision is taken within 10 working days; the period is extended if the Social Fund needs more information. After 12 months, submit a new application.

## Changes from 2026
Large families keep the right to the allowance if their income exceeds the subsistence minimum by no more than 10%.
""",
        },
        "tt": {
            "title": "Балаларга һәм йөкле хатын-кызларга бердәм пособие",
            "summary": "Бердәм пособие 17 яшькә кадәрге балалары булган гаиләләргә һәм йөкле хатын-кызларга, әгәр бер кешегә туры килгән керем төбәктәге яшәү минимумыннан түбәнрәк булса, билгеләнә. Гариза онлайн бирелә, керемнәрне Социаль фонд үзе тикшерә, пособие 12 айга билгеләнә.",
            "body": """
## Кемгә тиеш
- 17 яшькә кадәрге балалары булган гаиләләргә;
- йөклелекнең иртә чорында (12 атнага кадәр) медицина оешмасында исәпкә баскан йөкле хатын-кызларга;
- гаиләнең җан башына уртача кереме җан башына төбәк яшәү минимумыннан түбәнрәк булу шарты белән.

## Социаль фонд нәрсәне тикшерә
- гаризаны бирүгә бер ай кала тәмамланган 12 ай эчендә гаилә керемнәрен;
- милекне: торак, автомобильләр, кертемнәр;
- гаиләнең олы әгъзаларында керемнәр яки аларның булмавының җитди сәбәпләре барлыгын.

## Гаризаны ничек бирергә
1. Профильдә гаиләнең барлык әгъзалары һәм аларның СНИЛСлары күрсәтелгәнен тикшерегез.
2. «Единое пособие» (Бердәм пособие) хезмәтен табыгыз һәм гаризаны тутырыгыз.
3. «Мир» картасы чыгарылган счетның реквизитларын күрсәтегез.
4. Гаризаны җибәрегез һәм статусын күзәтегез.

## Вакытлар
Карарны 10 эш көне эчендә кабул итәләр; Социаль фондка өстәмә мәгълүматлар кирәк булса, вакыт озайтыла. 12 айдан соң яңа гариза бирегез.

## 2026 елдан үзгәрешләр
Күп балалы гаиләләр, керем яшәү минимумыннан 10 %тан да артыграк артмаса, пособиегә хокукны саклый.
""",
        },
    },
    "materinskiy-kapital": {
        "en": {
            "title": "Maternity capital: the certificate and using the funds",
            "summary": "The maternity capital certificate is issued without an application after the child's birth is registered and arrives in your personal account. You can direct the funds to housing, education or a pension by applying online.",
            "body": """
## Getting the certificate
The Social Fund issues the certificate itself when it receives the birth record from the civil registry office (ZAGS). A notification arrives in your personal account, and the electronic certificate appears under «Документы» (Documents). If there is no notification more than a month after the birth was registered, apply for the certificate.

## What the funds can be used for
- improving housing conditions, including the down payment and repaying a mortgage;
- the children's education, including kindergarten fees;
- the mother's funded pension;
- goods and services for the social adaptation of disabled children.

## How to apply to use the funds
1. Find the «Распоряжение средствами материнского капитала» (Using maternity capital funds) service.
2. Choose what the funds are for and give the details of the contract and the recipient's account.
3. Attach the documents that are not in the state databases, for example the contract with an educational organisation.
4. Send the application: the decision is taken within 10 working days, and the funds are transferred within 5 working days after the decision.

## Remaining balance
You can find out the remaining balance by ordering a statement of the maternity capital account on the portal.
""",
        },
        "tt": {
            "title": "Ана капиталы: сертификат һәм акчаны куллану",
            "summary": "Ана капиталына сертификат бала туу теркәлгәннән соң гаризасыз рәсмиләштерелә һәм шәхси кабинетка килә. Акчаны торакка, белем алуга яки пенсиягә юнәлтү өчен онлайн гариза бирергә мөмкин.",
            "body": """
## Сертификатны алу
Социаль фонд сертификатны ЗАГСтан бала туу турында мәгълүматлар алгач үзе рәсмиләштерә. Белдерү шәхси кабинетка киләчәк, электрон сертификат — «Документы» (Документлар) бүлегенә. Туу теркәлгәннән соң бер айдан артык белдерү булмаса, сертификат бирү турында гариза бирегез.

## Нәрсәгә юнәлтергә мөмкин
- торак шартларын яхшыртуга, шул исәптән беренчел кертемгә һәм ипотеканы түләүгә;
- балаларның белем алуына, шул исәптән балалар бакчасы өчен түләүгә;
- ананың туплаулы пенсиясенә;
- инвалид балаларның социаль җайлашуы өчен товарларга һәм хезмәтләргә.

## Акчаны куллану турында гаризаны ничек бирергә
1. «Распоряжение средствами материнского капитала» (Ана капиталы акчасын куллану) хезмәтен табыгыз.
2. Юнәлешне сайлагыз һәм шартнамә һәм алучы счеты реквизитларын күрсәтегез.
3. Дәүләт базаларында булмаган документларны кушыгыз, мәсәлән, белем бирү оешмасы белән шартнамәне.
4. Гаризаны җибәрегез: карарны 10 эш көне эчендә кабул итәләр, акчаны карардан соң 5 эш көне эчендә күчерәләр.

## Акча калдыгы
Калдыкны порталда ана капиталы счетының торышы турында өземтә заказ биреп белергә мөмкин.
""",
        },
    },
    "zapis-v-detskiy-sad": {
        "en": {
            "title": "Enrolling a child in a kindergarten",
            "summary": "You can put a child on the kindergarten waiting list online from birth. You will need the birth certificate, the registration details and a document on a benefit if you have one; the place in the queue is shown in the application card.",
            "body": """
## What you will need
- the child's birth certificate;
- details of the child's registration at the place of residence or stay;
- a document on the right to a benefit, if any;
- the conclusion of the psychological, medical and educational commission — for compensatory groups.

## How to apply
1. Find the «Запись в детский сад» (Kindergarten enrolment) service.
2. Choose the child from your profile or add the child's details.
3. Give the desired enrolment date and the attendance schedule.
4. Choose kindergartens — how many you can list depends on the region's rules.
5. Mark the benefit and attach the supporting document.

## After applying
- the place in the queue and the status are shown in the application card;
- when groups are being formed, a notification of a referral to a kindergarten arrives;
- after the referral, go to the kindergarten with the documents within the set time, or the place may be offered to another child.

A transfer to another kindergarten is a separate service, if it is available in your region.
""",
        },
        "tt": {
            "title": "Баланы балалар бакчасына язу",
            "summary": "Баланы туганнан бирле балалар бакчасына чиратка онлайн куярга мөмкин. Туу турында таныклык, теркәлү турында мәгълүматлар һәм, булса, ташлама турында документ кирәк булачак; чираттагы урын гариза карточкасында күренә.",
            "body": """
## Нәрсә кирәк булачак
- баланың туу турында таныклыгы;
- баланың яшәү яки булу урыны буенча теркәлүе турында мәгълүматлар;
- булса, ташламага хокук турында документ;
- психология-медицина-педагогика комиссиясе бәяләмәсе — компенсацияле юнәлешле төркемнәр өчен.

## Гаризаны ничек бирергә
1. «Запись в детский сад» (Балалар бакчасына язылу) хезмәтен табыгыз.
2. Баланы профильдән сайлагыз яки аның мәгълүматларын өстәгез.
3. Кабул итүнең теләгән датасын һәм булу режимын күрсәтегез.
4. Балалар бакчаларын сайлагыз — күпмесен күрсәтергә мөмкинлеген төбәк кагыйдәләре билгели.
5. Ташламаны билгеләгез һәм раслаучы документны кушыгыз.

## Биргәннән соң
- чираттагы номер һәм статус гариза карточкасында күренә;
- төркемнәрне туплау чорында балалар бакчасына юллама турында белдерү киләчәк;
- юлламадан соң билгеләнгән вакытта документлар белән балалар бакчасына мөрәҗәгать итегез, югыйсә урынны башка балага тәкъдим итәргә мөмкиннәр.

Башка балалар бакчасына күчү, әгәр ул сезнең төбәктә булса, аерым хезмәт белән рәсмиләштерелә.
""",
        },
    },
    "zapis-v-shkolu": {
        "en": {
            "title": "Enrolling a child in the first grade",
            "summary": "Applications for the first grade are accepted from 1 April to 30 June for children living in the school's assigned area and those with priority rights, and from 6 July to 5 September for the others if places are available.",
            "body": """
## When to apply
- from 1 April to 30 June — children living in the area assigned to the school and children with a priority or preferential right of admission, including brothers and sisters of the school's pupils;
- from 6 July to 5 September — children from other areas, if places are available.

Children who are at least 6 years and 6 months old and no older than 8 on 1 September are admitted to the first grade; for other ages the permission of the school's founder is required.

## What you will need
- the child's birth certificate;
- the certificate of the child's registration in the assigned area;
- a document on a benefit — if any;
- the conclusion of the psychological, medical and educational commission — if there is one.

## How to apply
1. Find the «Запись в 1 класс» (First-grade enrolment) service and choose the child from your profile.
2. Choose the school and give the grounds for admission.
3. Fill in the draft in advance and send it on the day applications open — the load is high in the first hours.
4. Wait for the invitation to the school with the original documents.

The school issues the enrolment decision within 5 working days after the application period ends.
""",
        },
        "tt": {
            "title": "Баланы беренче сыйныфка язу",
            "summary": "Беренче сыйныфка гаризаларны 1 апрельдән 30 июньгә кадәр — мәктәпкә беркетелгән территориядәге һәм ташламалы балалар өчен, 6 июльдән 5 сентябрьгә кадәр калганнар өчен буш урыннар булганда кабул итәләр.",
            "body": """
## Кайчан бирергә
- 1 апрельдән 30 июньгә кадәр — мәктәпкә беркетелгән территориядә яшәүче балалар һәм беренчел яки өстенлекле кабул итү хокукы булган балалар, шул исәптән бу мәктәп укучыларының энеләре, апалары һәм сеңелләре;
- 6 июльдән 5 сентябрьгә кадәр — башка территорияләрдәге балалар, буш урыннар булганда.

Беренче сыйныфка 1 сентябрьгә 6 яшь 6 айдан да ким булмаган һәм 8 яшьтән дә артык булмаган балаларны кабул итәләр; башка яшь өчен мәктәпне гамәлгә куючының рөхсәте кирәк.

## Нәрсә кирәк булачак
- баланың туу турында таныклыгы;
- баланың беркетелгән территориядә теркәлүе турында таныклык;
- ташлама турында документ — булса;
- психология-медицина-педагогика комиссиясе бәяләмәсе — булса.

## Гаризаны ничек бирергә
1. «Запись в 1 класс» (1 сыйныфка язылу) хезмәтен табыгыз һәм баланы профильдән сайлагыз.
2. Мәктәпне сайлагыз һәм кабул итү нигезен күрсәтегез.
3. Караламаны алдан тутырыгыз һәм аны кабул итү башланган көнне җибәрегез — беренче сәгатьләрдә йөкләнеш югары.
4. Документларның оригиналлары белән мәктәпкә чакыруны көтегез.

Укырга кабул итү турында карарны мәктәп гаризаларны кабул итү тәмамланганнан соң 5 эш көне эчендә рәсмиләштерә.
""",
        },
    },
    "spravka-o-nesudimosti": {
        "en": {
            "title": "Certificate of a criminal record or its absence",
            "summary": "The Ministry of Internal Affairs issues the certificate of no criminal record free of charge. The application is submitted online, the certificate is prepared within 30 calendar days; the electronic certificate is signed with the Ministry's electronic signature and is legally valid.",
            "body": """
## How to order it
1. Find the «Справка о наличии (отсутствии) судимости» (Certificate of a criminal record or its absence) service.
2. Check your personal details and give your former surnames and all places of residence if they have changed.
3. Give the purpose and the way to receive it: an electronic certificate or a paper one at a Ministry of Internal Affairs office or a service centre.
4. Send the application.

## Electronic certificate
The certificate arrives in the application card: a PDF file and the file of the Ministry's electronic signature. Give the organisation both files — this makes it possible to check that the certificate is genuine.

## Time
- the certificate is prepared within 30 calendar days;
- the law sets no validity period for the certificate, but an organisation may ask for a recently issued one.

## Common causes of errors
- former surnames are missing — for example, a maiden name;
- an out-of-date passport in the profile;
- the place of birth is given wrongly — write it as in the passport.
""",
        },
        "tt": {
            "title": "Хөкем ителгәнлек булу яки булмау турында белешмә",
            "summary": "Хөкем ителмәгәнлек турында белешмәне Эчке эшләр министрлыгы бушлай бирә. Гариза онлайн бирелә, белешмәне 30 календарь көнгә кадәр әзерлиләр; электрон белешмәгә Эчке эшләр министрлыгының электрон имзасы куелган һәм ул юридик көчкә ия.",
            "body": """
## Ничек заказ бирергә
1. «Справка о наличии (отсутствии) судимости» (Хөкем ителгәнлек булу (булмау) турында белешмә) хезмәтен табыгыз.
2. Шәхси мәгълүматларны тикшерегез, элеккеге фамилияләрне һәм, үзгәргән булса, барлык яшәү урыннарын күрсәтегез.
3. Максатны һәм алу ысулын күрсәтегез: электрон белешмә яки Эчке эшләр министрлыгы бүлекчәсендә яки хезмәт күрсәтү үзәгендә кәгазь белешмә.
4. Гаризаны җибәрегез.

## Электрон белешмә
Белешмә гариза карточкасына киләчәк: PDF файл һәм Эчке эшләр министрлыгының электрон имзасы файлы. Оешмага ике файлны да тапшырыгыз — шулай белешмәнең чынлыгын тикшерергә мөмкин.

## Вакытлар
- белешмәне 30 календарь көнгә кадәр әзерлиләр;
- белешмәнең гамәлдә булу вакыты закон белән билгеләнмәгән, ләкин оешма күптән түгел бирелгән белешмәне сорарга мөмкин.

## Хаталарның еш очрый торган сәбәпләре
- элеккеге фамилияләр күрсәтелмәгән — мәсәлән, кыз чактагы фамилия;
- профильдә искергән паспорт;
- туу урыны дөрес күрсәтелмәгән — паспорттагыча языгыз.
""",
        },
    },
    "registraciya-braka": {
        "en": {
            "title": "Registering a marriage: applying online",
            "summary": "The application to register a marriage is submitted by both future spouses: one fills it in on the portal, the other confirms it in their own account. The date and time are chosen when applying; the marriage is registered no sooner than a month later.",
            "body": """
## What you need
- confirmed accounts of both future spouses;
- passports;
- the certificate of divorce from a previous marriage — if there was one;
- payment of the state fee — after the application is submitted.

## How to apply
1. Find the «Регистрация брака» (Marriage registration) service and choose the civil registry office (ZAGS).
2. Choose a free date and time for the registration.
3. Give the details of the other future spouse and the surnames after the marriage.
4. Send the application: the other future spouse receives a notification and must confirm the application in their own account within the given time, or the application is cancelled.
5. Pay the state fee through the link in the application card.

## Time
The marriage is registered no sooner than a month after the application. For valid reasons the civil registry office may shorten this period.

## On the day of the registration
Bring your passports. The marriage certificate is issued at the civil registry office; the marriage details will appear in your profile.
""",
        },
        "tt": {
            "title": "Никахны теркәү: онлайн гариза бирү",
            "summary": "Никахны теркәү турында гаризаны булачак ике ир белән хатын да бирә: берсе аны порталда тутыра, икенчесе үз хисап язмасында раслый. Датаны һәм вакытны биргәндә сайлыйлар; никахны кимендә бер айдан соң теркиләр.",
            "body": """
## Нәрсә кирәк
- булачак ике ир белән хатынның да расланган хисап язмалары;
- паспортлар;
- элеккеге никахны өзү турында таныклык — ул булган булса;
- дәүләт пошлинасын түләү — гариза биргәннән соң.

## Гаризаны ничек бирергә
1. «Регистрация брака» (Никахны теркәү) хезмәтен табыгыз һәм ЗАГС органын сайлагыз.
2. Теркәүнең буш датасын һәм вакытын сайлагыз.
3. Икенче булачак тормыш иптәшенең мәгълүматларын һәм никахтан соңгы фамилияләрне күрсәтегез.
4. Гаризаны җибәрегез: икенче булачак тормыш иптәшенә белдерү киләчәк, ул гаризаны күрсәтелгән вакытта үз хисап язмасында расларга тиеш, югыйсә гариза юкка чыгачак.
5. Гариза карточкасындагы сылтама буенча дәүләт пошлинасын түләгез.

## Вакытлар
Никахны гариза биргәннән соң кимендә бер айдан соң теркиләр. Җитди сәбәпләр булганда ЗАГС органы вакытны кыскарта ала.

## Теркәү көнендә
Паспортларны алыгыз. Никах турында таныклыкны ЗАГС органында бирәләр; никах турында мәгълүматлар профильдә барлыкка киләчәк.
""",
        },
    },
}
