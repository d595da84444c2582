"""Demo translations of public knowledge-base articles (SPEC ACC2), loaded by `manage.py seed_demo`.

Pure data, no Django imports. Keys are article slugs from knowledgebase/demo_articles.py — every public
article has both languages; the sections' modules beside this one hold most of them. Each maps
a language code ("en" — English, "tt" — Tatar, Cyrillic literary register) to title, summary and body.
Bodies keep the plain-text markup and structure of the Russian original. Portal buttons and sections
are quoted as the Russian interface shows them, in «», with a translation in parentheses.
"""

# ruff: noqa: E501  -- article bodies are prose: one line per paragraph or step, as authors type them

from knowledgebase.demo_translations_accounts import ACCOUNT_TRANSLATIONS
from knowledgebase.demo_translations_applications import APPLICATION_TRANSLATIONS
from knowledgebase.demo_translations_services import SERVICE_TRANSLATIONS
from knowledgebase.demo_translations_technical import TECHNICAL_TRANSLATIONS

DEMO_TRANSLATIONS = {
    "kak-zaregistrirovatsya": {
        "en": {
            "title": "How to register on the portal",
            "summary": "Registration takes about 10 minutes: enter your surname, first name and mobile phone number, confirm the number with the code from the SMS, create a password, then fill in your SNILS and passport details and confirm your identity.",
            "body": """
## What you will need
- a mobile phone to receive the SMS code;
- the passport of a citizen of the Russian Federation;
- SNILS (individual insurance account number).

## Registration steps
1. On the portal's home page, click «Зарегистрироваться» (Register).
2. Enter your surname, first name, mobile phone number and, if you wish, your email address.
3. Enter the code from the SMS. If the code has not arrived, wait a minute and click «Получить новый код» (Get a new code).
4. Create a password: at least 8 characters, with uppercase and lowercase Latin letters, digits and symbols.
5. Sign in to your personal account and fill in your SNILS and passport details exactly as they appear in the documents.
6. Wait for the automatic check of your data with the Social Fund and the Ministry of Internal Affairs: it usually takes a few minutes, sometimes up to 5 working days. The result will arrive as a notification.
7. Confirm your identity in one of the available ways — see the article “How to confirm your identity”.

Once your identity is confirmed, all services of the portal become available.
""",
        },
        "tt": {
            "title": "Порталда ничек теркәлергә",
            "summary": "Теркәлү якынча 10 минут ала: фамилиягезне, исемегезне һәм мобиль телефон номерыгызны күрсәтегез, аны СМС-тагы код белән раслагыз, серсүз уйлап табыгыз, аннары СНИЛС һәм паспорт мәгълүматларын тутырыгыз һәм шәхесегезне раслагыз.",
            "body": """
## Нәрсә кирәк булачак
- СМС аша код килә торган мобиль телефон;
- Россия Федерациясе гражданины паспорты;
- СНИЛС.

## Теркәлү адымнары
1. Порталның баш битендә «Зарегистрироваться» (Теркәлергә) төймәсенә басыгыз.
2. Фамилиягезне, исемегезне, мобиль телефон номерыгызны һәм, теләсәгез, электрон почта адресыгызны күрсәтегез.
3. СМС-тагы кодны кертегез. Код килмәсә, бер минуттан соң «Получить новый код» (Яңа код алырга) төймәсенә басыгыз.
4. Серсүз уйлап табыгыз: кимендә 8 символ, баш һәм юл латин хәрефләре, саннар һәм билгеләр белән.
5. Шәхси кабинетка керегез һәм СНИЛС белән паспорт мәгълүматларын документлардагыча төгәл тутырыгыз.
6. Мәгълүматларның Социаль фондта һәм Эчке эшләр министрлыгында автоматик тикшерелүен көтегез: гадәттә бу берничә минут ала, кайчак 5 эш көненә кадәр. Нәтиҗә турында белдерү киләчәк.
7. Шәхесегезне ысулларның берсе белән раслагыз — «Шәхесне ничек расларга» мәкаләсен карагыз.

Шәхес расланганнан соң порталның барлык хезмәтләре дә файдалану өчен ачыла.
""",
        },
    },
    "kak-podtverdit-lichnost": {
        "en": {
            "title": "How to confirm your identity",
            "summary": "You can confirm your account online through a bank, with a qualified electronic signature, or in person at a service centre with your passport and SNILS.",
            "body": """
A confirmed account gives access to all services. You can confirm it once your SNILS and passport have passed the automatic check.

## Methods
- online through internet banking, if you are the bank's customer: find the section «Госуслуги» (Gosuslugi) or «Подтвердить учётную запись» (Confirm account) in the bank's app;
- at a service centre (MFC — multifunctional centre, a Social Fund office, etc.) — bring your passport and SNILS; the visit usually takes 10–15 minutes;
- with a qualified electronic signature — in your profile, choose «Подтвердить с помощью электронной подписи» (Confirm with an electronic signature).

## How to find a service centre
1. In your personal account, open your profile and choose «Подтвердить учётную запись» (Confirm account).
2. Choose «Лично в центре обслуживания» (In person at a service centre).
3. Pick the nearest centre on the map and check its opening hours.

The account status is updated immediately after confirmation; sometimes this takes up to 15 minutes. Sign out of your personal account and sign in again.
""",
        },
        "tt": {
            "title": "Шәхесне ничек расларга",
            "summary": "Хисап язмасын онлайн банк аша, квалификацияле электрон имза ярдәмендә яки хезмәт күрсәтү үзәгендә паспорт һәм СНИЛС белән шәхсән раслап була.",
            "body": """
Расланган хисап язмасы барлык хезмәтләргә дә юл ача. Аны СНИЛС һәм паспорт автоматик тикшерүне узганнан соң раслап була.

## Ысуллар
- интернет-банк аша онлайн, әгәр сез аның клиенты булсагыз: банк кушымтасында «Госуслуги» (Дәүләт хезмәтләре) яки «Подтвердить учётную запись» (Хисап язмасын раслау) бүлеген табыгыз;
- хезмәт күрсәтү үзәгендә (КФҮ — күпфункцияле үзәк, Социаль фонд бүлекчәсе һ. б.) — паспорт һәм СНИЛС алыгыз, кабул итү гадәттә 10–15 минут ала;
- квалификацияле электрон имза ярдәмендә — профильдә «Подтвердить с помощью электронной подписи» (Электрон имза ярдәмендә раслау) сайлагыз.

## Хезмәт күрсәтү үзәген ничек табарга
1. Шәхси кабинетта профильне ачыгыз һәм «Подтвердить учётную запись» (Хисап язмасын раслау) сайлагыз.
2. «Лично в центре обслуживания» (Хезмәт күрсәтү үзәгендә шәхсән) сайлагыз.
3. Картада иң якын үзәкне сайлагыз һәм аның эш сәгатьләрен тикшерегез.

Хисап язмасының статусы расланганнан соң шунда ук яңара; кайчак моңа 15 минутка кадәр вакыт китә. Шәхси кабинеттан чыгыгыз һәм яңадан керегез.
""",
        },
    },
    "dokumenty-v-profile": {
        "en": {
            "title": "Which documents to add to your profile",
            "summary": "Your passport and SNILS are required. Adding your INN, compulsory medical insurance (OMS) policy, driving licence and children's details is optional, but with them applications are filled in automatically.",
            "body": """
## Required
- the passport of a citizen of the Russian Federation (or a foreign citizen's identity document);
- SNILS.

## Recommended — applications will fill themselves in
- INN (taxpayer identification number) — it can be found automatically from your passport: the «Найти ИНН» (Find INN) button;
- compulsory medical insurance (OMS) policy;
- driving licence and vehicle details;
- children's birth certificates;
- registered address and actual residential address.

## How to add a document
1. Open «Профиль» (Profile) → «Документы и данные» (Documents and data).
2. Choose the document and click «Добавить» (Add).
3. Enter the details exactly as they appear in the document and save.
4. Wait for the agency to check it: the document status will change to «Проверено» (Verified).

There is no need to upload scans of documents to your profile — agencies check the details against their own databases.
""",
        },
        "tt": {
            "title": "Профильгә нинди документлар өстәргә",
            "summary": "Паспорт һәм СНИЛС мәҗбүри. ИНН, мәҗбүри медицина страхованиесе (ММС) полисын, машина йөртүче таныклыгын һәм балалар турында мәгълүматларны өстәү мәҗбүри түгел, ләкин алар белән гаризалар автоматик рәвештә тутырыла.",
            "body": """
## Мәҗбүри
- Россия Федерациясе гражданины паспорты (яки чит ил гражданины документы);
- СНИЛС.

## Теләкле — гаризалар үзләре тутырылачак
- ИНН — аны паспорт буенча автоматик рәвештә табарга мөмкин: «Найти ИНН» (ИНН табарга) төймәсе;
- мәҗбүри медицина страхованиесе (ММС) полисы;
- машина йөртүче таныклыгы һәм автомобиль мәгълүматлары;
- балаларның туу турында таныклыклары;
- теркәлү адресы һәм фактта яшәү адресы.

## Документны ничек өстәргә
1. «Профиль» (Профиль) → «Документы и данные» (Документлар һәм мәгълүматлар) бүлеген ачыгыз.
2. Документны сайлагыз һәм «Добавить» (Өстәргә) төймәсенә басыгыз.
3. Реквизитларны документта ничек күрсәтелгән, шулай ук кертегез һәм саклагыз.
4. Ведомствода тикшерүне көтегез: документның статусы «Проверено» (Тикшерелде) дип үзгәрәчәк.

Документларның сканнарын профильгә йөкләргә кирәкми — ведомстволар реквизитларны үз базалары буенча тикшерә.
""",
        },
    },
    "kak-vosstanovit-parol": {
        "en": {
            "title": "How to recover your password",
            "summary": "Click «Восстановить» (Recover) on the sign-in page, enter your phone number, email or SNILS, enter the confirmation code and set a new password. If you have no access to your phone, a service centre will help.",
            "body": """
## If your phone or email is available
1. On the sign-in page, click «Восстановить» (Recover).
2. Enter the mobile phone number or email address linked to your account.
3. Enter the code from the SMS or follow the link in the email.
4. Create a new password: at least 8 characters, uppercase and lowercase Latin letters, digits and symbols. Previous passwords cannot be reused.
5. Sign in with the new password.

## If you have no access to your phone or email
1. On the recovery page, choose «Восстановить по СНИЛС или паспорту» (Recover by SNILS or passport).
2. Enter your SNILS or your passport series and number.
3. If a security question is set in your account, answer it; otherwise restore access in person at a service centre with your passport.

## Common mistakes
- the code is entered from an old SMS — use the most recent one;
- the keyboard layout is Russian while the password is in Latin letters;
- Caps Lock is on.
""",
        },
        "tt": {
            "title": "Серсүзне ничек торгызырга",
            "summary": "Керү битендә «Восстановить» (Торгызырга) төймәсенә басыгыз, телефонны, почтаны яки СНИЛСны күрсәтегез, раслау кодын кертегез һәм яңа серсүз куегыз. Телефонга керү мөмкинлеге булмаса, хезмәт күрсәтү үзәге ярдәм итәчәк.",
            "body": """
## Телефон яки почта кулланырга мөмкин булса
1. Керү битендә «Восстановить» (Торгызырга) төймәсенә басыгыз.
2. Хисап язмасына бәйләнгән мобиль телефон номерын яки электрон почта адресын күрсәтегез.
3. СМС-тагы кодны кертегез яки хаттагы сылтама буенча күчегез.
4. Яңа серсүз уйлап табыгыз: кимендә 8 символ, баш һәм юл латин хәрефләре, саннар һәм билгеләр. Элеккеге серсүзләрне кабатларга ярамый.
5. Яңа серсүз белән керегез.

## Телефонга һәм почтага керү мөмкинлеге булмаса
1. Торгызу битендә «Восстановить по СНИЛС или паспорту» (СНИЛС яки паспорт буенча торгызырга) сайлагыз.
2. СНИЛСны яки паспортның сериясен һәм номерын кертегез.
3. Хисап язмасында контроль сорау куелган булса — аңа җавап бирегез; юкса, керү мөмкинлеген паспорт белән хезмәт күрсәтү үзәгендә шәхсән торгызыгыз.

## Еш очрый торган хаталар
- кодны иске СМСтан кертәләр — иң соңгы килгәнен кулланыгыз;
- клавиатура рус телендә, ә серсүз латин хәрефләре белән язылган;
- Caps Lock кабызылган.
""",
        },
    },
    "ne-poluchaetsya-voyti": {
        "en": {
            "title": "Can't sign in: a step-by-step check",
            "summary": "Check in order: that your login and password are correct, that the confirmation code arrives, whether your account is blocked and whether your browser works. Most problems are solved within 5 minutes.",
            "body": """
1. Login. Enter your phone number in the +7 format, your email without spaces, or your 11-digit SNILS.
2. Password. Check the keyboard layout and Caps Lock. If you don't remember your password, click «Восстановить» (Recover).
3. Confirmation code. If a code is requested at sign-in and it does not arrive, see the article “The confirmation code does not arrive”.
4. Block. The message «Учётная запись заблокирована» (Account blocked) appears after several wrong passwords or suspicious sign-ins — see the article about blocked accounts.
5. Browser. Clear the cache and cookies or open the portal in incognito mode; check that your browser is up to date.
6. Time on your device. If the date and time on your phone or computer are wrong, codes from the app will not work.

If none of these steps helped, write to support: say at which step the error occurs and attach a screenshot with the error text (without passwords or codes).
""",
        },
        "tt": {
            "title": "Керә алмыйм: адымлап тикшерү",
            "summary": "Тәртип буенча тикшерегез: логин һәм серсүз дөресме, раслау коды киләме, хисап язмасы блокланмаганмы һәм браузер эшлиме. Күпчелек проблемалар 5 минут эчендә хәл ителә.",
            "body": """
1. Логин. Телефонны +7 форматында, почтаны буш урыннарсыз яки 11 саннан торган СНИЛСны кертегез.
2. Серсүз. Клавиатура телен һәм Caps Lock төймәсен тикшерегез. Серсүзне онытсагыз — «Восстановить» (Торгызырга) төймәсенә басыгыз.
3. Раслау коды. Кергәндә код сорала, ләкин ул килми икән — «Раслау коды килми» мәкаләсен карагыз.
4. Блоклау. «Учётная запись заблокирована» (Хисап язмасы блокланган) дигән хәбәр берничә тапкыр ялгыш серсүз кертелгәннән соң яки шикле керүләрдән соң чыга — блоклаулар турындагы мәкаләне карагыз.
5. Браузер. Кэшны һәм cookie файлларын чистартыгыз яки порталны инкогнито режимында ачыгыз; браузерның яңартылган булуын тикшерегез.
6. Җайланмадагы вакыт. Телефонда яки компьютерда дата һәм вакыт дөрес булмаса, кушымтадагы кодлар туры килмәячәк.

Бер адым да ярдәм итмәсә, ярдәм хезмәтенә языгыз: хата кайсы адымда барлыкка килгәнен күрсәтегез һәм хата тексты булган экран сурәтен теркәгез (серсүзләрсез һәм кодларсыз).
""",
        },
    },
    "uchetnaya-zapis-zablokirovana": {
        "en": {
            "title": "Account blocked: reasons and how to lift the block",
            "summary": "A temporary block after wrong passwords lifts by itself or after you recover your password. A block imposed for security reasons is lifted after a check by support or at a service centre.",
            "body": """
## Why accounts are blocked
- a wrong password or code was entered several times in a row;
- a sign-in from an unusual device or from another country was detected;
- fraudsters tried to use the account;
- the owner asked to block it (for example, after losing their phone).

## Temporary block
Wait for the time stated in the message, or recover your password — after a successful recovery the block is lifted.

## Block for security reasons
1. Do not create a new account — your passport and SNILS details are already linked to the old one.
2. Contact support through the request form or by phone at +7 495 777-77-77.
3. The operator will check your sign-in history and suggest a way to confirm that the account is yours.
4. If it cannot be confirmed online, visit a service centre with your passport and SNILS.

After the account is unblocked, change your password and check the list of devices used to sign in, in your profile.
""",
        },
        "tt": {
            "title": "Хисап язмасы блокланган: сәбәпләр һәм блоклауны ничек алырга",
            "summary": "Ялгыш серсүзләрдән соң вакытлыча блоклау үзеннән-үзе яки серсүзне торгызганнан соң алына. Куркынычсызлык сәбәпле куелган блоклауны ярдәм хезмәтендә яки хезмәт күрсәтү үзәгендә тикшергәннән соң алалар.",
            "body": """
## Ни өчен блоклыйлар
- рәттән берничә тапкыр ялгыш серсүз яки код кертелгән;
- гадәти булмаган җайланмадан яки башка илдән керү күзәтелгән;
- хисап язмасыннан алдакчылар файдаланырга тырышкан;
- хуҗасы аны үзе блокларга сораган (мәсәлән, телефонын югалткач).

## Вакытлыча блоклау
Хәбәрдә күрсәтелгән вакытны көтегез яки серсүзне торгызыгыз — уңышлы торгызганнан соң блоклау алына.

## Куркынычсызлык сәбәпле блоклау
1. Яңа хисап язмасы булдырмагыз — паспорт һәм СНИЛС мәгълүматлары инде искесенә бәйләнгән.
2. Мөрәҗәгать формасы аша яки +7 495 777-77-77 телефоны буенча ярдәм хезмәтенә мөрәҗәгать итегез.
3. Оператор керүләр тарихын тикшерәчәк һәм хисап язмасының сезнеке булуын раслау ысулын тәкъдим итәчәк.
4. Онлайн раслап булмаса, паспорт һәм СНИЛС белән хезмәт күрсәтү үзәгенә барыгыз.

Блоклау алынганнан соң серсүзне алыштырыгыз һәм профильдә керү башкарылган җайланмалар исемлеген тикшерегез.
""",
        },
    },
    "oshibka-zagruzki-dokumenta": {
        "en": {
            "title": "Error uploading a document: file format and size",
            "summary": "Upload files in PDF, JPG or PNG format up to 10 MB. If a file is larger, reduce the scan resolution or split the document; if the format is correct but the upload still fails, switch to another browser.",
            "body": """
## File requirements
- formats: PDF, JPG (JPEG), PNG; for some services, SIG signature files or ZIP archives — this is stated next to the upload field;
- size: as a rule, up to 10 MB per file; the exact limit is stated next to the upload field;
- it is better to write the file name in Latin letters, without the symbols # % & { } and without spaces at the end.

## If the file does not upload
1. Check the format: you cannot simply rename “document.docx” to “document.pdf” — save the document as PDF via File → Save As.
2. Reduce the size: scan at 200–300 dots per inch in greyscale rather than in colour at 600 dpi.
3. Save a multi-page document as a single PDF file rather than as several photos.
4. Update your browser or open the portal in another browser — see the article “Supported browsers and settings”.
5. Temporarily disable ad-blocking extensions: sometimes they interfere with uploads.

If the error persists, attach a screenshot with the error text to your request and state the file format and size.
""",
        },
        "tt": {
            "title": "Документны йөкләгәндә хата: файл форматы һәм күләме",
            "summary": "Файлларны PDF, JPG яки PNG форматларында 10 МБка кадәр күләмдә йөкләгез. Файл зуррак булса — скан ачыклыгын киметегез яки документны өлешләргә бүлегез; формат дөрес, ә йөкләү бармаса — браузерны алыштырыгыз.",
            "body": """
## Файлларга таләпләр
- форматлар: PDF, JPG (JPEG), PNG; аерым хезмәтләр өчен — SIG имза файллары яки ZIP архивы, бу йөкләү кыры янында күрсәтелгән;
- күләм: кагыйдә буларак, бер файлга 10 МБка кадәр; төгәл чик йөкләү кыры янында күрсәтелгән;
- файл исемен латин хәрефләре белән, # % & { } символларыннан башка һәм ахырда буш урын калдырмыйча язу яхшырак.

## Файл йөкләнмәсә
1. Форматны тикшерегез: «документ.docx» исемен «документ.pdf» итеп үзгәртү генә ярамый — документны «Файл» → «Сохранить как» (Файл → Башкача саклау) аша PDF итеп саклагыз.
2. Күләмне киметегез: 600 dpi төсле режимда түгел, ә соры төсләрдә дюймга 200–300 нокта ачыклыгы белән сканлагыз.
3. Күп битле документны берничә фотосурәт итеп түгел, бер PDF файл итеп саклагыз.
4. Браузерны яңартыгыз яки порталны башка браузерда ачыгыз — «Ярдәм ителә торган браузерлар һәм көйләүләр» мәкаләсен карагыз.
5. Рекламаны блоклый торган киңәйтүләрне вакытлыча сүндерегез: кайчак алар йөкләүгә комачаулый.

Хата бетмәсә, мөрәҗәгатькә хата тексты булган экран сурәтен теркәгез һәм файлның форматын һәм күләмен күрсәтегез.
""",
        },
    },
    "servis-vremenno-nedostupen": {
        "en": {
            "title": "Service temporarily unavailable: what to do",
            "summary": "If a service is unavailable, look for a maintenance notice on its page — it states the expected recovery time. Your application drafts are saved in the meantime.",
            "body": """
## Why this happens
- scheduled maintenance on the portal or at the agency;
- a failure in the agency's system to which the application is sent;
- high load during the first days of accepting applications.

## What to do
1. Refresh the page in a few minutes.
2. Check whether the service page shows a maintenance notice: it states the expected recovery time.
3. Do not fill in the application again: the draft is saved under «Заявления» (Applications) → «Черновики» (Drafts).
4. If the service is unavailable longer than stated, or there is no notice, write to support and state the service, the time and the error text.

Reports of unavailability are passed to the technical team; when the service is restored, you will receive a notification.
""",
        },
        "tt": {
            "title": "Хезмәт вакытлыча эшләми: нишләргә",
            "summary": "Хезмәт эшләмәсә, аның битендә техник эшләр турында хәбәр бармы икәнен тикшерегез — анда эшнең кайчан торгызылачагы күрсәтелгән. Гариза караламалары бу вакытта саклана.",
            "body": """
## Ни өчен шулай була
- порталда яки ведомствода планлы техник эшләр;
- гариза җибәрелә торган ведомство системасында өзеклек;
- гаризалар кабул итүнең беренче көннәрендә югары йөкләнеш.

## Нишләргә
1. Берничә минуттан битне яңартыгыз.
2. Хезмәт битендә техник эшләр турында хәбәр юкмы икәнен тикшерегез: анда эшнең кайчан торгызылачагы күрсәтелгән.
3. Гаризаны яңадан тутырмагыз: каралама «Заявления» (Гаризалар) → «Черновики» (Караламалар) бүлегендә сакланган.
4. Хезмәт күрсәтелгән вакыттан озаграк эшләмәсә яки хәбәр булмаса — хезмәтне, вакытны һәм хата текстын күрсәтеп, ярдәм хезмәтенә языгыз.

Хезмәт эшләмәү турындагы мөрәҗәгатьләр техник төркемгә тапшырыла; эш торгызылгач, сезгә белдерү киләчәк.
""",
        },
    },
    "statusy-zayavleniya": {
        "en": {
            "title": "Application statuses and what they mean",
            "summary": "The status shows where your application is now: sent, accepted by the agency, in progress, clarification required, service provided or refused. A notification about each change arrives in your personal account.",
            "body": """
## Main statuses
- «Отправлено в ведомство» (Sent to the agency) — the application has been sent, but the agency has not registered it yet;
- «Принято ведомством» (Accepted by the agency) — the application is registered and the processing period has started;
- «В работе» (In progress) — the agency is checking the documents;
- «Требуется уточнение» (Clarification required) — the agency is waiting for your reply; the processing period may be suspended;
- «Промежуточные результаты» (Interim results) — for example, an invitation to an appointment;
- «Услуга оказана» (Service provided) — the result is ready: see the document in the application card;
- «Отказ» (Refused) — the reason is stated in the application card.

## Where to look
«Заявления» (Applications) → the application you need → status history. Notifications also arrive by email and in the mobile app, if they are enabled in the settings.

If the status does not change for longer than the period stated on the service page, see the article “Application processing times”.
""",
        },
        "tt": {
            "title": "Гариза статуслары һәм аларның мәгънәсе",
            "summary": "Статус гаризаның хәзер кайда икәнен күрсәтә: җибәрелгән, ведомство тарафыннан кабул ителгән, эштә, ачыклык кертү таләп ителә, хезмәт күрсәтелгән яки кире кагылган. Һәр үзгәреш турында белдерү шәхси кабинетка килә.",
            "body": """
## Төп статуслар
- «Отправлено в ведомство» (Ведомствога җибәрелде) — гариза китте, ведомство аны әле теркәмәгән;
- «Принято ведомством» (Ведомство кабул итте) — гариза теркәлгән, карау срогы башланган;
- «В работе» (Эштә) — ведомство документларны тикшерә;
- «Требуется уточнение» (Ачыклык кертү таләп ителә) — ведомство сездән җавап көтә, карау срогы туктатылып торырга мөмкин;
- «Промежуточные результаты» (Арадаш нәтиҗәләр) — мәсәлән, кабул итүгә чакыру;
- «Услуга оказана» (Хезмәт күрсәтелде) — нәтиҗә әзер: документны гариза карточкасында карагыз;
- «Отказ» (Кире кагу) — сәбәбе гариза карточкасында күрсәтелгән.

## Кайда карарга
«Заявления» (Гаризалар) → кирәкле гариза → статуслар тарихы. Белдерүләр шулай ук электрон почтага һәм мобиль кушымтага килә, әгәр алар көйләүләрдә кабызылган булса.

Статус хезмәт битендә күрсәтелгән сроктан озаграк үзгәрмәсә, «Гаризаларны карау сроклары» мәкаләсен карагыз.
""",
        },
    },
    "kakaya-elektronnaya-podpis-nuzhna": {
        "en": {
            "title": "Which electronic signature you need and when",
            "summary": "For most services a confirmed account (a simple signature) is enough. Some applications require a signature in the «Госключ» (Goskey) app or a qualified signature on a secure token.",
            "body": """
## Types of signature
- simple electronic signature — this is your confirmed account; most applications are signed with it;
- unqualified signature in the «Госключ» (Goskey) app — free, issued in the app on your phone; suitable, for example, for contracts and some applications;
- qualified signature (UKEP, enhanced qualified electronic signature) — on a secure token or in the cloud; needed for certain services and for legally significant documents.

## How to find out which one you need
The «Как подписать» (How to sign) block on the service page states the required type of signature. If you do not have a signature of the required type, the portal will tell you where to get one.

## Where to get one
- «Госключ» (Goskey) — in the app from the app store, with a confirmed account;
- a qualified signature for an individual — at an accredited certification centre;
- a signature for the head of an organisation or a sole proprietor — at the certification centre of the Federal Tax Service (FNS).
""",
        },
        "tt": {
            "title": "Нинди электрон имза кирәк һәм кайчан",
            "summary": "Күпчелек хезмәтләр өчен расланган хисап язмасы (гади имза) җитә. Кайбер гаризалар «Госключ» (Дәүләт ачкычы) кушымтасындагы имзаны яки сакланган саклагычтагы квалификацияле имзаны таләп итә.",
            "body": """
## Имза төрләре
- гади электрон имза — ул расланган хисап язмасы; күпчелек гаризалар аның белән имзалана;
- «Госключ» (Дәүләт ачкычы) кушымтасындагы квалификацияле булмаган имза — бушлай, телефондагы кушымтада чыгарыла; мәсәлән, килешүләр һәм кайбер гаризалар өчен ярый;
- квалификацияле имза (УКЭП) — сакланган саклагычта яки болытта; аерым хезмәтләр һәм юридик әһәмияткә ия документлар өчен кирәк.

## Нинди имза кирәклеген ничек белергә
Хезмәт битендәге «Как подписать» (Ничек имзаларга) блогында кирәкле имза төре күрсәтелгән. Кирәкле төрдәге имза булмаса, портал аны кайдан алырга икәнен әйтеп бирәчәк.

## Кайда алырга
- «Госключ» (Дәүләт ачкычы) — кушымталар кибетеннән йөкләнгән кушымтада, расланган хисап язмасы белән;
- физик зат өчен квалификацияле имзаны — аккредитацияләнгән таныклау үзәгендә;
- оешма җитәкчесе яки шәхси эшмәкәр имзасын — Федераль салым хезмәтенең (ФНС) таныклау үзәгендә.
""",
        },
    },
    "oshibki-pri-registratsii": {
        "en": {
            "title": "Account creation errors and how to fix them",
            "summary": "Registration is most often stopped by three errors: an invalid email format, a phone number already linked to another account, and data that does not match the documents. Each has a clear fix.",
            "body": """
## «Некорректный адрес электронной почты» (Invalid email address)
The address must look like name@domain.ru: no spaces, no Cyrillic letters and no full stop at the end. Common typos: “mail,ru” instead of “mail.ru”, “gmai.com” instead of “gmail.com”. Correct the address or leave the field empty — email is optional at registration.

## «Этот номер телефона уже используется» (This phone number is already in use)
The number is already linked to another account — possibly your old one.
1. Click «Восстановить доступ» (Restore access) and enter this number.
2. If the account is yours, recover the password and sign in to it — there is no need to create a new one.
3. If the number used to belong to another person, register with your email and then contact support: we will unlink the number after a check.

## «Данные не прошли проверку» (Data failed verification)
Your surname, first name, patronymic, date of birth, SNILS and passport must match the documents letter for letter.
- check the letter «ё» — write it as it is in your passport;
- check whether your passport has been replaced (after turning 20 or 45, or after a change of surname);
- SNILS has 11 digits; the last two digits are a check number and are easy to mix up.
Correct the data in your profile and send it for verification again.
""",
        },
        "tt": {
            "title": "Хисап язмасын булдырганда килеп чыга торган хаталар һәм аларны ничек төзәтергә",
            "summary": "Теркәлүне еш кына өч хата туктата: электрон почтаның дөрес булмаган форматы, телефон номерының башка хисап язмасына бәйләнгән булуы һәм мәгълүматларның документлар белән туры килмәве. Һәрберсенең аңлаешлы чишелеше бар.",
            "body": """
## «Некорректный адрес электронной почты» (Электрон почта адресы дөрес түгел)
Адрес исем@домен.ru рәвешендә булырга тиеш: буш урыннарсыз, рус хәрефләреннән башка һәм ахырда нокта куймыйча. Еш очрый торган ялгышлар: «mail.ru» урынына «mail,ru», «gmail.com» урынына «gmai.com». Адресны төзәтегез яки кырны буш калдырыгыз — теркәлгәндә почта күрсәтү мәҗбүри түгел.

## «Этот номер телефона уже используется» (Бу телефон номеры инде кулланыла)
Номер инде башка хисап язмасына бәйләнгән — бәлки, сезнең искесенә.
1. «Восстановить доступ» (Керү мөмкинлеген торгызырга) төймәсенә басыгыз һәм шушы номерны кертегез.
2. Хисап язмасы сезнеке булса — серсүзне торгызыгыз һәм аңа керегез, яңасын булдырырга кирәкми.
3. Номер элек башка кешенеке булган икән, электрон почта аша теркәлегез, аннары ярдәм хезмәтенә мөрәҗәгать итегез: тикшергәннән соң без номерны аерачакбыз.

## «Данные не прошли проверку» (Мәгълүматлар тикшерүне узмады)
Фамилия, исем, атасының исеме, туган көн, СНИЛС һәм паспорт документлар белән хәрефкә-хәреф туры килергә тиеш.
- «ё» хәрефен тикшерегез — паспортта ничек язылган, шулай языгыз;
- паспорт алыштырылмаганмы икәнен тикшерегез (20 һәм 45 яшьтән соң яки фамилия үзгәргәннән соң);
- СНИЛС — 11 сан; соңгы ике сан — контроль сан, аны бутау җиңел.
Мәгълүматларны профильдә төзәтегез һәм кабат тикшерүгә җибәрегез.
""",
        },
    },
    "ne-prihodit-kod-podtverzhdeniya": {
        "en": {
            "title": "The confirmation code does not arrive by SMS or email",
            "summary": "Wait 1–2 minutes and request the code again; check your balance, the network signal and, for emails, the Spam folder. If the code does not arrive at all, sign in with another confirmation method or change your number.",
            "body": """
## Code by SMS
1. Wait 1–2 minutes: at peak hours SMS messages are delivered with a delay.
2. Check that your phone is connected to the network and airplane mode is not on.
3. Check that your phone's memory is not full and that short numbers are not blocked by your mobile operator.
4. Request the code again. Enter only the most recent code — earlier ones stop working.

## Code by email
Check the Spam and Promotions folders, and add the portal's address to your contacts.

## Code from an authenticator app
Codes in the app change every 30 seconds and depend on the time. Turn on automatic date and time setting on your phone.

## If nothing helped
- choose another confirmation method on the sign-in page;
- if the number is no longer yours, restore access by email or SNILS and change the number in your profile;
- contact support: the operator will check which confirmation methods are set up.
""",
        },
        "tt": {
            "title": "Раслау коды СМС яки почта аша килми",
            "summary": "1–2 минут көтегез һәм кодны кабат сорагыз, балансны, челтәр сигналын һәм хатлар өчен «Спам» папкасын тикшерегез. Код бөтенләй килмәсә — башка раслау ысулы белән керегез яки номерны алыштырыгыз.",
            "body": """
## СМС аша код
1. 1–2 минут көтегез: иң күп йөкләнеш сәгатьләрендә СМСлар соңарып килә.
2. Телефонның челтәрдә булуын һәм анда очыш режимы кабызылмаган булуын тикшерегез.
3. Телефон хәтере тулмаганмы һәм элемтә операторында кыска номерлар блокланмаганмы икәнен тикшерегез.
4. Кодны кабат сорагыз. Иң соңгы килгән кодны гына кертегез — алдагылары гамәлдән чыга.

## Почтага килә торган код
«Спам» һәм «Промоакции» (Промоакцияләр) папкаларын тикшерегез, порталның адресын контактларга өстәгез.

## Аутентификатор кушымтасыннан код
Кушымтадагы кодлар һәр 30 секунд саен алышына һәм вакытка бәйле. Телефонда дата һәм вакытны автоматик рәвештә урнаштыруны кабызыгыз.

## Бернәрсә дә ярдәм итмәсә
- керү битендә башка раслау ысулын сайлагыз;
- номер инде сезнеке булмаса — керү мөмкинлеген почта яки СНИЛС аша торгызыгыз һәм профильдә номерны алыштырыгыз;
- ярдәм хезмәтенә мөрәҗәгать итегез: оператор нинди раслау ысуллары көйләнгәнен тикшерәчәк.
""",
        },
    },
}

# every other public article, one module per group of sections: each has both languages
DEMO_TRANSLATIONS |= ACCOUNT_TRANSLATIONS | APPLICATION_TRANSLATIONS | SERVICE_TRANSLATIONS | TECHNICAL_TRANSLATIONS
