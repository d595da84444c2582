"""English and Tatar translations of the demo articles on technical problems (SPEC ACC2).

Pure data, merged into knowledgebase/demo_translations.py; the same conventions: markup and structure as in
the Russian original, the portal's buttons and sections quoted in Russian «» with a translation in brackets.
"""

# ruff: noqa: E501  -- article bodies are prose: one line per paragraph or step, as authors type them

TECHNICAL_TRANSLATIONS = {
    "podderzhivaemye-brauzery": {
        "en": {
            "title": "Supported browsers and settings",
            "summary": "The portal works in current versions of Yandex Browser, Chrome, Firefox, Edge, Opera and Safari. An outdated browser, disabled cookies or ad blockers are frequent causes of errors.",
            "body": """
## Supported browsers
- Yandex Browser, Google Chrome, Microsoft Edge, Opera — the two latest versions;
- Mozilla Firefox — the two latest versions;
- Safari on macOS and iOS — the two latest versions.

## What to check
1. Update the browser to the latest version.
2. Allow cookies for the portal's website.
3. Clear the cache: in most browsers, press Ctrl+Shift+Delete.
4. Turn off extensions that block ads and scripts, or add the portal to their exceptions.
5. To sign documents, install the electronic signature plug-in.

If the page still works with errors, try another browser — this makes it easier to tell whether the browser is the cause.
""",
        },
        "tt": {
            "title": "Ярдәм ителә торган браузерлар һәм көйләүләр",
            "summary": "Портал Яндекс Браузер, Chrome, Firefox, Edge, Opera һәм Safari браузерларының актуаль версияләрендә эшли. Искергән браузер, сүндерелгән cookie яки реклама блоклаучылар — хаталарның еш очрый торган сәбәпләре.",
            "body": """
## Ярдәм ителә торган браузерлар
- Яндекс Браузер, Google Chrome, Microsoft Edge, Opera — соңгы ике версия;
- Mozilla Firefox — соңгы ике версия;
- macOS һәм iOS өчен Safari — соңгы ике версия.

## Нәрсәне тикшерергә
1. Браузерны соңгы версиягә яңартыгыз.
2. Портал сайты өчен cookie файлларын рөхсәт итегез.
3. Кэшны чистартыгыз: күпчелек браузерларда — Ctrl+Shift+Delete төймәләре.
4. Рекламаны һәм скриптларны блоклый торган киңәйтүләрне сүндерегез яки порталны искәрмәләргә өстәгез.
5. Документларга кул кую өчен электрон имза белән эшләү плагинын урнаштырыгыз.

Бит барыбер хаталар белән эшләсә, башка браузерны сынап карагыз — шулай эш браузердамы икәнен аңлау җиңелрәк.
""",
        },
    },
    "oshibka-na-stranice": {
        "en": {
            "title": "The page does not open or shows an error",
            "summary": "Errors such as «Что-то пошло не так» (Something went wrong) usually go away after reloading the page, clearing the cache or signing in again. If the error keeps coming back, note its code and time — this speeds up the investigation.",
            "body": """
1. Reload the page (the F5 key, or pull down on a phone).
2. Sign out of your personal account and sign in again.
3. Clear the browser's cache and cookies, or open the portal in incognito mode.
4. Check your internet connection: open any other website.
5. Try another browser or device.

## What to write to support
- the page address or the name of the service;
- the time the error appeared;
- the error code or text and a screenshot;
- your browser and device.

Do not send passwords, SMS codes or full bank card numbers in your request.
""",
        },
        "tt": {
            "title": "Бит ачылмый яки хата күрсәтә",
            "summary": "«Что-то пошло не так» (Нәрсәдер дөрес бармады) кебек хаталар гадәттә битне яңарткач, кэшны чистарткач яки яңадан кергәч бетә. Хата кабатланса, аның кодын һәм вакытын саклагыз — бу тикшерүне тизләтәчәк.",
            "body": """
1. Битне яңартыгыз (F5 төймәсе яки телефонда «аска тартып» ишарәсе).
2. Шәхси кабинеттан чыгыгыз һәм яңадан керегез.
3. Браузерның кэшын һәм cookie файлларын чистартыгыз яки порталны инкогнито режимында ачыгыз.
4. Интернет тоташуны тикшерегез: теләсә кайсы башка сайтны ачыгыз.
5. Башка браузерны яки җайланманы сынап карагыз.

## Ярдәм хезмәтенә нәрсә язарга
- бит адресы яки хезмәт исеме;
- хата барлыкка килгән вакыт;
- хатаның коды яки тексты һәм экран сурәте;
- браузер һәм җайланма.

Мөрәҗәгатьтә серсүзләрне, СМС-тагы кодларны һәм банк карталарының тулы номерларын җибәрмәгез.
""",
        },
    },
    "ochistka-kesha-brauzera": {
        "en": {
            "title": "How to clear the cache and cookies in your browser",
            "summary": "Outdated files in the browser's cache are a frequent cause of errors, endless loading and blank pages. Clear the cache and cookies for all time, restart the browser and sign in to the portal again.",
            "body": """
The cache is the copies of pages that the browser keeps to open them faster. If the portal has been updated and the cache is out of date, pages work with errors.

## Yandex Browser, Google Chrome, Microsoft Edge, Opera
1. Press Ctrl+Shift+Delete (on a Mac — Cmd+Shift+Delete).
2. Choose the period «За всё время» (All time).
3. Tick cookies and cached files.
4. Click «Удалить данные» (Delete data) and restart the browser.

## Mozilla Firefox
1. Press Ctrl+Shift+Delete.
2. Choose the period «Всё» (Everything), tick cookies and cache and click «Удалить» (Delete).

## Safari on a Mac
Open «Safari» → «Настройки» (Settings) → «Конфиденциальность» (Privacy) → «Управлять данными веб-сайтов» (Manage website data), find the portal's website and remove its data.

## Safari on iPhone and iPad
Open «Настройки» (Settings) → «Safari» → «Очистить историю и данные» (Clear history and website data).

## After clearing
- sign in to the portal again — you will need to after the cookies are deleted;
- if the problem remains, open the portal in incognito mode: if everything works there, the cause is in the browser's extensions;
- if that does not help either, see the article “Supported browsers and settings”.
""",
        },
        "tt": {
            "title": "Браузерда кэшны һәм cookie файлларын ничек чистартырга",
            "summary": "Браузер кэшындагы искергән файллар — хаталарның, туктаусыз йөкләнүнең һәм буш битләрнең еш очрый торган сәбәбе. Кэшны һәм cookie файлларын бөтен вакыт өчен чистартыгыз, браузерны яңадан ачыгыз һәм порталга кабат керегез.",
            "body": """
Кэш — битләрне тизрәк ачу өчен браузер саклый торган күчермәләр. Портал яңартылса, ә кэш искерсә, битләр хаталар белән эшли.

## Яндекс Браузер, Google Chrome, Microsoft Edge, Opera
1. Ctrl+Shift+Delete төймәләренә басыгыз (Mac-та — Cmd+Shift+Delete).
2. «За всё время» (Бөтен вакыт өчен) чорын сайлагыз.
3. Cookie файлларын һәм кэшта сакланган файлларны билгеләгез.
4. «Удалить данные» (Мәгълүматларны бетерергә) төймәсенә басыгыз һәм браузерны яңадан ачыгыз.

## Mozilla Firefox
1. Ctrl+Shift+Delete төймәләренә басыгыз.
2. «Всё» (Барысы) чорын сайлагыз, cookie һәм кэшны билгеләгез һәм «Удалить» (Бетерергә) төймәсенә басыгыз.

## Mac-тагы Safari
«Safari» → «Настройки» (Көйләүләр) → «Конфиденциальность» (Конфиденциальлек) → «Управлять данными веб-сайтов» (Веб-сайтлар мәгълүматлары белән идарә итәргә) бүлеген ачыгыз, портал сайтын табыгыз һәм аның мәгълүматларын бетерегез.

## iPhone һәм iPad-тагы Safari
«Настройки» (Көйләүләр) → «Safari» → «Очистить историю и данные» (Тарихны һәм мәгълүматларны чистартырга) бүлеген ачыгыз.

## Чистартканнан соң
- порталга яңадан керегез — cookie бетерелгәннән соң бу кирәк булачак;
- проблема калса, порталны инкогнито режимында ачыгыз: анда барысы да эшләсә, сәбәп браузер киңәйтүләрендә;
- бу да ярдәм итмәсә, «Ярдәм ителә торган браузерлар һәм көйләүләр» мәкаләсен карагыз.
""",
        },
    },
    "kak-skanirovat-dokumenty": {
        "en": {
            "title": "How to scan or photograph a document properly",
            "summary": "Scan the whole document at 200–300 dpi and save a multi-page document as one PDF file. A phone photo will do if the document is shot straight, without glare or cut-off edges.",
            "body": """
## Scanner
1. Lay the document flat, without folds.
2. Choose a resolution of 200–300 dpi: the text is readable and the file stays small.
3. Choose greyscale; use colour only if coloured stamps and marks matter.
4. Save all pages of one document into one PDF file in the right order.

## Phone camera
1. Shoot in daylight or bright, even light, without the flash.
2. Hold the phone parallel to the document so that the edges are not cut off or distorted.
3. Check that every letter, stamp and signature is readable.
4. Use the document scanning mode of the camera or the notes app: it straightens the page and saves a PDF.

## What to avoid
- glare from lamination and cut-off edges;
- screenshots instead of a scan;
- photos of the document held in a hand or on a busy background;
- Word files and archives if the service asks for PDF or JPG.

The requirements for the file format and size are in the article “Error when uploading a document: file format and size”.
""",
        },
        "tt": {
            "title": "Документны ничек дөрес сканерларга яки фотога төшерергә",
            "summary": "Документны тулысынча 200–300 dpi ачыклык белән сканерлагыз һәм күп битле документны бер PDF файл итеп саклагыз. Документ туры, ялтыравыксыз һәм кырлары киселмичә төшерелгән булса, телефон белән фото да ярый.",
            "body": """
## Сканер
1. Документны бөкләмичә, туры итеп куегыз.
2. 200–300 dpi ачыклыгын сайлагыз: текст укыла, ә файл зур булмый.
3. Соры төсмерләрне сайлагыз; төсле режимны — төсле мөһерләр һәм билгеләр мөһим булса гына.
4. Бер документның барлык битләрен дөрес тәртиптә бер PDF файлга саклагыз.

## Телефон камерасы
1. Көндезге яки якты тигез яктылыкта, яктырткычсыз төшерегез.
2. Кырлары киселмәсен һәм бозылмасын өчен, телефонны документка параллель тотыгыз.
3. Барлык хәрефләр, мөһерләр һәм имзалар укылганын тикшерегез.
4. Камерадагы яки язмалар кушымтасындагы документларны сканерлау режимын кулланыгыз: ул битне тигезли һәм PDF итеп саклый.

## Нәрсәдән сакланырга
- ламинациядән ялтыравыклардан һәм киселгән кырлардан;
- скан урынына экран сурәтләреннән;
- кулда тотылган яки чуар фондагы документ фотосыннан;
- хезмәт PDF яки JPG сораса, Word файлларыннан һәм архивлардан.

Файл форматына һәм күләменә таләпләр — «Документны йөкләгәндә хата: файл форматы һәм күләме» мәкаләсендә.
""",
        },
    },
    "trebovaniya-k-cifrovoy-fotografii": {
        "en": {
            "title": "Photo for an application: requirements for a digital photo",
            "summary": "A photo for a passport, an old-type international passport and other documents is uploaded as a JPEG file: full face, a plain light background, 35×45 mm format. The allowed pixel dimensions and file size are shown next to the upload field.",
            "body": """
## Requirements for the photo
- the photo was taken recently and shows how you look now;
- full face, looking straight ahead, a neutral expression, eyes open;
- a plain light background without shadows or patterns;
- no headwear unless wearing it is linked to religious beliefs; the face must stay uncovered;
- glasses are allowed without tinted lenses or glare;
- 35×45 mm format.

## Requirements for the file
- JPEG format;
- a colour or black-and-white image — as stated in the service form;
- the pixel dimensions and file size within the limits shown next to the upload field.

## If the photo is not accepted
1. Crop the photo to the 35×45 mm format in the form's built-in editor or in a graphics editor.
2. Save the file again as JPEG — do not just rename PNG or HEIC files.
3. On an iPhone, turn on saving as JPEG: «Настройки» (Settings) → «Камера» (Camera) → «Форматы» (Formats) → «Наиболее совместимый» (Most compatible).

The easiest way is to have your photo taken at a photo studio and ask for an electronic copy for Gosuslugi.
""",
        },
        "tt": {
            "title": "Гариза өчен фото: санлы фотосурәткә таләпләр",
            "summary": "Паспорт, иске үрнәктәге чит ил паспорты һәм башка документлар өчен фотосурәтне JPEG файлы итеп йөклиләр: йөз туры, бертөсле ачык фон, 35×45 мм формат. Пиксельләрдә рөхсәт ителгән зурлыклар һәм файл күләме йөкләү кыры янында күрсәтелгән.",
            "body": """
## Фотосурәткә таләпләр
- фотосурәт күптән түгел төшерелгән һәм хәзерге кыяфәтегезгә туры килә;
- йөз туры, караш туры, чырай тыныч, күзләр ачык;
- күләгәләрсез һәм бизәкләрсез бертөсле ачык фон;
- баш киеме кию дини ышанулар белән бәйле булмаса, баш киемсез; йөз ачык калырга тиеш;
- күзлек тонлы пыялаларсыз һәм ялтыравыкларсыз булса, рөхсәт ителә;
- 35×45 мм формат.

## Файлга таләпләр
- JPEG форматы;
- төсле яки ак-кара сурәт — хезмәт формасында ничек күрсәтелгән булса, шулай;
- пиксельләрдәге зурлык һәм файл күләме — йөкләү кыры янында күрсәтелгән чикләрдә.

## Фотосурәтне кабул итмәсәләр
1. Сурәтне форманың эчке редакторында яки график редакторда 35×45 мм форматка кадәр кисегез.
2. Файлны JPEG итеп яңадан саклагыз — PNG яки HEIC файлларының исемен генә алыштырмагыз.
3. iPhone-да JPEG итеп саклауны кабызыгыз: «Настройки» (Көйләүләр) → «Камера» (Камера) → «Форматы» (Форматлар) → «Наиболее совместимый» (Иң яраклысы).

Иң гадие — фотоательедә төшерелергә һәм дәүләт хезмәтләре өчен сурәтнең электрон күчермәсен сорарга.
""",
        },
    },
    "oshibka-oplaty": {
        "en": {
            "title": "Payment error: the payment failed or the status is «Не оплачено» (Not paid)",
            "summary": "If the payment was declined, check the card details, the limits and the confirmation in your bank's app. If the money has been taken but the status is «Не оплачено» (Not paid), do not pay again: the payment information may arrive with a delay.",
            "body": """
## The payment was declined
1. Check the card number, the expiry date and the code on the back.
2. Make sure there is enough money on the card and the limit for online payments has not been exceeded.
3. Confirm the payment with a code or in your bank's app — without confirmation the bank declines the payment.
4. Try paying through the Faster Payments System or with another card.
5. If the bank declines every attempt, call the bank: only the bank knows the reason.

## The money has been taken but the status is «Не оплачено» (Not paid)
1. Do not pay again: payment information does not reach the state payments system (GIS GMP) instantly.
2. Find the payment under «Платежи» (Payments) → «История» (History) and keep the receipt.
3. If the status has not changed within three working days, write to support: the application number, the date and amount of the payment, the receipt.

## You paid twice
The extra payment is refunded by the agency that received it, on a refund application. See the article “How to cancel an application and get the state fee back”.

Do not give your full card number or SMS codes in a request or over the phone.
""",
        },
        "tt": {
            "title": "Түләгәндә хата: түләү узмаган яки «Не оплачено» (Түләнмәгән) статусы",
            "summary": "Түләү кире кагылса, карта мәгълүматларын, лимитларны һәм банк кушымтасындагы раслауны тикшерегез. Акча алынган, ә статус «Не оплачено» (Түләнмәгән) булса, кабат түләмәгез: түләү турында мәгълүматлар тоткарланып керергә мөмкин.",
            "body": """
## Түләү кире кагылган
1. Карта номерын, гамәлдә булу вакытын һәм арткы яктагы кодны тикшерегез.
2. Картада акча җитәрлек булуына һәм интернет-түләүләргә лимит арттырылмаганына инаныгыз.
3. Түләүне код белән яки банк кушымтасында раслагыз — раслаусыз банк түләүне кире кага.
4. Тиз түләүләр системасы аша яки башка карта белән түләп карагыз.
5. Банк барлык омтылышларны да кире какса, банкка шалтыратыгыз: баш тарту сәбәбен ул гына белә.

## Акча алынган, ә статус «Не оплачено» (Түләнмәгән)
1. Кабат түләмәгез: түләү турында мәгълүматлар ДММСка (ГИС ГМП) шунда ук керми.
2. Түләүне «Платежи» (Түләүләр) → «История» (Тарих) бүлегендә табыгыз һәм квитанцияне саклагыз.
3. Статус өч эш көне эчендә үзгәрмәсә, ярдәм хезмәтенә языгыз: гариза номеры, түләүнең датасы һәм суммасы, квитанция.

## Ике тапкыр түләдегез
Артык түләүне ведомство — түләүне алучы — кире кайтару турында гариза буенча кайтара. «Гаризаны ничек юкка чыгарырга һәм дәүләт пошлинасын кире кайтарырга» мәкаләсен карагыз.

Картаның тулы номерын һәм СМС-тагы кодларны мөрәҗәгатьтә дә, телефон аша да әйтмәгез.
""",
        },
    },
    "ne-rabotaet-mobilnoe-prilozhenie": {
        "en": {
            "title": "The portal's mobile app does not work",
            "summary": "Does the app crash, freeze or not open? Most such problems are solved by updating it, restarting it, and checking the internet connection and free memory. If that does not help, sign out, reinstall the app and sign in again.",
            "body": """
## Check in this order
1. Update the app in the app store and restart it.
2. Check the internet connection: open any website; if the signal is weak, switch to Wi-Fi.
3. Free up the phone's memory: without free space the app cannot save data.
4. Turn on automatic date and time — codes and the secure connection depend on them.
5. Update the operating system if the app says its version is not supported.
6. Sign out of your account, delete the app, install it again and sign in.

## Where to install from
Download the app only from the official app stores using the links on the portal's home page. Look-alike apps with similar names can steal your password.

## If the app still does not work
Use the portal in a browser: the same services and applications are available there. In your request, give the phone model, the system version and the app version — this helps to find the cause.
""",
        },
        "tt": {
            "title": "Порталның мобиль кушымтасы эшләми",
            "summary": "Кушымта ябылып китәме, катып каламы яки ачылмыймы? Мондый күпчелек проблемаларны яңарту, яңадан ачу, интернетны һәм буш хәтерне тикшерү хәл итә. Ярдәм итмәсә, хисап язмасыннан чыгыгыз, кушымтаны яңадан урнаштырыгыз һәм кабат керегез.",
            "body": """
## Тәртип буенча тикшерегез
1. Кушымтаны кушымталар кибетендә яңартыгыз һәм аны яңадан ачыгыз.
2. Интернетны тикшерегез: теләсә кайсы сайтны ачыгыз; сигнал начар булса, Wi-Fi-га күчегез.
3. Телефон хәтерен бушатыгыз: буш урын булмаса, кушымта мәгълүматларны саклый алмый.
4. Дата һәм вакытны автоматик билгеләүне кабызыгыз — кодлар һәм якланган тоташу шуларга бәйле.
5. Кушымта операцион система версиясенә ярдәм итми дип хәбәр итсә, системаны яңартыгыз.
6. Хисап язмасыннан чыгыгыз, кушымтаны бетерегез, аны яңадан урнаштырыгыз һәм керегез.

## Кайдан урнаштырырга
Кушымтаны порталның баш битендәге сылтамалар буенча рәсми кушымталар кибетләреннән генә йөкләгез. Охшаш исемле ялган кушымталар серсүзне урлый ала.

## Кушымта барыбер эшләмәсә
Порталдан браузерда файдаланыгыз: анда шул ук хезмәтләр һәм гаризалар бар. Мөрәҗәгатьтә телефон моделен, система версиясен һәм кушымта версиясен күрсәтегез — бу сәбәпне табарга ярдәм итәчәк.
""",
        },
    },
    "ne-prihodyat-uvedomleniya": {
        "en": {
            "title": "Notifications about applications and statuses do not arrive",
            "summary": "Notifications are sent through the channels chosen in your profile settings: the personal account, email, SMS and push in the mobile app. Check the notification settings, the email in your profile and the app's permissions on your phone.",
            "body": """
## Check the portal's settings
1. Open «Профиль» (Profile) → «Настройки» (Settings) → «Уведомления» (Notifications).
2. Turn on the channels you need: email, push in the mobile app, SMS.
3. Check that a valid, confirmed email address is given in your profile.

## Emails do not arrive
- check the «Спам» (Spam), «Рассылки» (Newsletters) and «Промоакции» (Promotions) folders;
- add the portal's sender address to your contacts;
- make sure your mailbox is not full.

## Push notifications do not arrive
- allow notifications for the app in the phone's settings;
- turn off power saving for the app;
- sign in to the app at least once after reinstalling it.

## Letters from government agencies
To receive rulings on fines, tax notices and other letters from agencies electronically, turn on receiving them in your profile settings.

Even if a notification did not arrive, the current status is always shown in the application card under «Заявления» (Applications).
""",
        },
        "tt": {
            "title": "Гаризалар һәм статуслар турында белдерүләр килми",
            "summary": "Белдерүләр профиль көйләүләрендә сайланган каналлар аша җибәрелә: шәхси кабинетка, почтага, СМС аша һәм мобиль кушымтага push итеп. Белдерүләр көйләүләрен, профильдәге почтаны һәм телефондагы кушымта рөхсәтләрен тикшерегез.",
            "body": """
## Портал көйләүләрен тикшерегез
1. «Профиль» (Профиль) → «Настройки» (Көйләүләр) → «Уведомления» (Белдерүләр) бүлеген ачыгыз.
2. Кирәкле каналларны кабызыгыз: электрон почта, мобиль кушымтада push, СМС.
3. Профильдә гамәлдәге һәм расланган электрон почта күрсәтелгәнен тикшерегез.

## Хатлар килми
- «Спам», «Рассылки» (Таратмалар) һәм «Промоакции» (Промоакцияләр) папкаларын тикшерегез;
- портал җибәрүчесенең адресын контактларга өстәгез;
- почта тартмасы тулмаганына инаныгыз.

## Push-белдерүләр килми
- телефон көйләүләрендә кушымта өчен белдерүләрне рөхсәт итегез;
- кушымта өчен энергия саклау режимын сүндерегез;
- яңадан урнаштырганнан соң кушымтага ким дигәндә бер тапкыр керегез.

## Ведомстволардан хатлар
Штрафлар турында карарларны, салым белдерүләрен һәм ведомстволарның башка хатларын электрон рәвештә алу өчен, профиль көйләүләрендә аларны алуны тоташтырыгыз.

Белдерү килмәгән булса да, актуаль статус һәрвакыт «Заявления» (Гаризалар) бүлегендәге гариза карточкасында күренә.
""",
        },
    },
    "kody-oshibok-na-stranice": {
        "en": {
            "title": "An error with a code on the page: 403, 404, 500, 502, 503, 504",
            "summary": "The error code hints at the cause: 404 — a wrong or outdated link, 403 — no access or the protection was triggered, 500 and 502–504 — a failure or overload of the service. With 5xx errors it is usually enough to try again later.",
            "body": """
## What the codes mean
- 400 — a malformed request: clearing the cache and cookies often helps;
- 403 — access denied: you signed in to the wrong account, for example an organisation's, or the protection against suspicious traffic was triggered — turn off your VPN and proxy;
- 404 — page not found: the link is outdated or mistyped; find the service with the portal's search;
- 500 — an internal error of the service: try again in a few minutes;
- 502, 503, 504 — the service is overloaded, under maintenance or did not answer in time.

## What to do
1. Reload the page in 5–10 minutes.
2. Check the «Работа сервисов портала» (Status of the portal's services) page: if an outage is listed there, wait for the announced recovery time.
3. Clear the cache and cookies, or open the portal in incognito mode.
4. If the error keeps coming back for more than an hour, write to support: the error code, the time, the name of the service and a screenshot.
""",
        },
        "tt": {
            "title": "Биттә кодлы хата: 403, 404, 500, 502, 503, 504",
            "summary": "Хата коды сәбәпне күрсәтә: 404 — дөрес булмаган яки искергән сылтама, 403 — керү мөмкинлеге юк яки яклау эшләгән, 500 һәм 502–504 — хезмәттә өзеклек яки артык йөкләнеш. 5xx хаталарында гадәттә соңрак кабатлау җитә.",
            "body": """
## Кодлар нәрсәне аңлата
- 400 — дөрес булмаган сорау: еш кына кэшны һәм cookie файлларын чистарту ярдәм итә;
- 403 — керү тыелган: сез башка хисап язмасына, мәсәлән, оешманыкына кергәнсез яки шикле трафиктан яклау эшләгән — VPN һәм проксины сүндерегез;
- 404 — бит табылмады: сылтама искергән яки хата белән җыелган, хезмәтне портал эзләве аша табыгыз;
- 500 — хезмәтнең эчке хатасы: берничә минуттан кабатлагыз;
- 502, 503, 504 — хезмәт артык йөкләнгән, техник хезмәт күрсәтүдә яки вакытында җавап бирмәгән.

## Нишләргә
1. Битне 5–10 минуттан яңартыгыз.
2. «Работа сервисов портала» (Портал хезмәтләренең эше) битен тикшерегез: анда өзеклек күрсәтелгән булса, игълан ителгән торгызу вакытын көтегез.
3. Кэшны һәм cookie файлларын чистартыгыз яки порталны инкогнито режимында ачыгыз.
4. Хата бер сәгатьтән артык кабатланса, ярдәм хезмәтенә языгыз: хата коды, вакыт, хезмәт исеме һәм экран сурәте.
""",
        },
    },
    "tehnicheskie-raboty-na-portale": {
        "en": {
            "title": "Maintenance work: where to learn about outages and when the service will work again",
            "summary": "Planned maintenance and outages are announced on the «Работа сервисов портала» (Status of the portal's services) page: it shows which service is unavailable and when it is expected back. Application drafts are kept during the work.",
            "body": """
## Where to learn about maintenance and outages
- the «Работа сервисов портала» (Status of the portal's services) page — the list of services, current outages and the expected recovery time;
- a message on the page of the service itself;
- the support chat: the assistant reports current outages automatically.

## If the deadline for submitting an application is running out
1. Take a screenshot of the maintenance message with the time.
2. Submit the application as soon as the service is back.
3. If you missed the deadline because of the outage, tell the agency and attach the screenshot; on request, support will confirm the period when the service was unavailable.

## What not to do
- do not create a new application while the service is unavailable: the draft is saved;
- do not pay the state fee again if the payment was interrupted during the work — check «Платежи» (Payments) → «История» (History) first.

When the service is back, the status on the «Работа сервисов портала» (Status of the portal's services) page is updated; if you wrote to support, you will receive a notification.
""",
        },
        "tt": {
            "title": "Техник эшләр: өзеклекләр турында кайдан белергә һәм хезмәт кайчан эшли башлар",
            "summary": "Планлы техник эшләр һәм өзеклекләр турында «Работа сервисов портала» (Портал хезмәтләренең эше) битендә хәбәр ителә: анда кайсы хезмәт эшләмәве һәм кайчан торгызылачагы күренә. Эшләр вакытында гариза караламалары саклана.",
            "body": """
## Эшләр һәм өзеклекләр турында кайдан белергә
- «Работа сервисов портала» (Портал хезмәтләренең эше) бите — хезмәтләр исемлеге, хәзерге өзеклекләр һәм көтелгән торгызу вакыты;
- хезмәтнең үз битендәге хәбәр;
- ярдәм хезмәте чаты: ярдәмче хәзерге өзеклекләр турында автоматик рәвештә хәбәр итә.

## Гариза бирү вакыты тәмамланып килсә
1. Техник эшләр турындагы хәбәрнең һәм вакытның экран сурәтен саклагыз.
2. Эш торгызылу белән гаризаны бирегез.
3. Өзеклек аркасында вакыт узып киткән булса, бу хакта ведомствога хәбәр итегез һәм экран сурәтен кушыгыз; сорау буенча ярдәм хезмәте хезмәтнең эшләмәгән чорын раслаячак.

## Нәрсә эшләмәскә
- хезмәт эшләмәгәндә яңа гариза булдырмагыз: каралама сакланган;
- эшләр вакытында түләү өзелгән булса, дәүләт пошлинасын кабат түләмәгез — башта «Платежи» (Түләүләр) → «История» (Тарих) бүлеген тикшерегез.

Эш торгызылгач, «Работа сервисов портала» (Портал хезмәтләренең эше) битендәге статус яңартыла; ярдәм хезмәтенә язган булсагыз, белдерү киләчәк.
""",
        },
    },
}
